/* Issuer stage: the body that issued the document, as the header block
 * names it at the top left, above its rule and beside the national (or
 * Party) motto: "UBND TỈNH BẮC NINH" over "SỞ KHOA HỌC VÀ CÔNG NGHỆ" is
 * the Sở (name) of the provincial committee (parent). When the header
 * block does not name it, the authority line above the preamble does
 * ("ỦY BAN THƯỜNG VỤ QUỐC HỘI" before "Căn cứ ..."). Words are read with
 * issuer_heads.tsv; the province in the name is looked up for province.c. */
#include "internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Paragraphs searched for the header block when no type line bounds it. */
#define ISSUER_MAX_PARAS 200
/* Units (paragraphs or cells) looked at before the motto or number line. */
#define ISSUER_LOOKBACK 6
/* Units after the first that may continue the issuer (the cells of a
 * two-column header: issuer lines alternate with the motto lines). */
#define ISSUER_MAX_UNITS 6
#define ISSUER_MAX_SEGMENTS 8
#define ISSUER_MAX_BYTES 400
/* How far into a text a motto or number line that cuts it is looked for. */
#define ISSUER_CUT_SCAN 1024

/* A header text: a text paragraph or one cell of a row. */
typedef struct unit {
    const para *p;
    size_t cell; /* SIZE_MAX for a text paragraph */
    const char *text;
    size_t len;
} unit;

/* One source line of the issuer block. */
typedef struct segment {
    const char *text;
    size_t len;
    size_t line;
} segment;

typedef struct block {
    segment seg[ISSUER_MAX_SEGMENTS];
    size_t count;
    bool ended; /* the rule under the issuer, the motto or the number came */
} block;

static bool is_space(char c) { return c == ' ' || c == '\t'; }

static bool is_rule_char(char c) { return c == '-' || c == '_' || c == '=' || c == '*'; }

/* "-------", "*": the rule under the issuer's name. */
static bool is_rule(const char *s, size_t n)
{
    size_t marks = 0;
    for (size_t i = 0; i < n; i++) {
        if (is_rule_char(s[i]))
            marks++;
        else if (!is_space(s[i]))
            return false;
    }
    return marks > 0;
}

/* Length of s without a rule that ends it ("THÀNH PHỐ CẦN THƠ -------"). */
static size_t before_rule(const char *s, size_t n)
{
    size_t end = n;
    while (end && (is_rule_char(s[end - 1]) || is_space(s[end - 1])))
        end--;
    size_t dashes = 0, stars = 0;
    for (size_t i = end; i < n; i++) {
        dashes += s[i] == '-' || s[i] == '_' || s[i] == '=';
        stars += s[i] == '*';
    }
    /* a dash run, or the lone star of a Party header ("TỈNH ỦY X *") */
    return dashes >= 3 || (stars && !dashes && end < n && is_space(s[end])) ? end : n;
}

/* The words the issuer stage looks for in the header (a motto, a number
 * line) at every word, with the document's lists, and how their rows start:
 * nearly every text is told apart from them before the list is asked. */
typedef struct header_words {
    struct vnp_internal *in;
    role_openers motto, number;
} header_words;

static bool is_motto(const header_words *w, const char *s, size_t n)
{
    return role_openers_may_open(&w->motto, s, n) &&
           listed_word_opens(w->in, "state_mottos.tsv", "motto", s, n, NULL);
}

/* "Số: 12/KH-UBND", "Số 05-NQ/TU", "Số: /KH-SKHCN". */
static bool is_number_line(const header_words *w, const char *s, size_t n)
{
    if (!role_openers_may_open(&w->number, s, n) ||
        !listed_word_opens(w->in, "function_words.tsv", "number", s, n, NULL))
        return false;
    size_t i = 1; /* past the first letter, and the bytes of a letter like "ố" */
    while (i < n && (unsigned char)s[i] >= 0x80)
        i++;
    while (i < n && is_space(s[i]))
        i++;
    return i < n && (s[i] == ':' || s[i] == '/' || (s[i] >= '0' && s[i] <= '9'));
}

static bool dash_run(const char *s, size_t n)
{
    /* compared, not looked up with strchr: the header cut asks at every byte */
    return n >= 3 && (s[0] == '-' || s[0] == '_' || s[0] == '=') && s[1] == s[0] && s[2] == s[0];
}

/* Where a motto, a number line or a rule glued to the name starts inside
 * s (a converter that put both columns of the header on one line:
 * "CHÍNH PHỦ_______ Số: 172/2025/NĐ-CP | CỘNG HÒA ..."), or n. */
static size_t header_cut(const header_words *w, const char *s, size_t n)
{
    if (n > ISSUER_CUT_SCAN)
        n = ISSUER_CUT_SCAN; /* past that, the text is no issuer's anyway */
    for (size_t i = 1; i < n; i++) {
        if (!is_space(s[i - 1]) && dash_run(s + i, n - i))
            return i;
        if (is_space(s[i - 1]) && !is_space(s[i]) &&
            (is_motto(w, s + i, n - i) || is_number_line(w, s + i, n - i)))
            return i;
    }
    return SIZE_MAX;
}

/* The issuer_heads.tsv row that s opens with (scope), and its length. */
static const char *head_at(struct vnp_internal *in, const char *s, size_t n, size_t *len)
{
    size_t m = 0;
    const char *scope = lexicon_prefix(in, "issuer_heads.tsv", s, n, &m);
    if (len)
        *len = m;
    return scope;
}

static bool is_type_line(struct vnp_internal *in, const char *s, size_t n)
{
    size_t m = 0;
    return lexicon_prefix(in, "doctypes.tsv", s, n, &m) && is_vn_upper_text(s, m);
}

/* ---- units of the header ------------------------------------------------ */

static size_t header_end(const vnp_document *doc, const paragraphs_product *paras)
{
    size_t limit = paras->count < ISSUER_MAX_PARAS ? paras->count : ISSUER_MAX_PARAS;
    for (size_t i = 0; doc->type_line && i < limit; i++)
        if (paras->paras[i].kind == PARA_TEXT && paras->paras[i].line == doc->type_line)
            return i;
    return limit;
}

static void collect_units(vnp_document *doc, const paragraphs_product *paras, vec *units)
{
    struct vnp_internal *in = doc->internal;
    size_t end = header_end(doc, paras);
    for (size_t i = 0; i < end; i++) {
        const para *p = &paras->paras[i];
        size_t cells = p->kind == PARA_ROW ? p->cell_count : 1;
        for (size_t c = 0; c < cells && p->kind != PARA_FOOTNOTE; c++) {
            unit *u = vec_push(&in->scratch, units);
            if (!u)
                return;
            u->p = p;
            u->cell = p->kind == PARA_ROW ? c : SIZE_MAX;
            u->text = p->kind == PARA_ROW ? p->cells[c] : p->text;
            u->len = strlen(u->text);
        }
    }
}

/* Index of the first motto or number unit, or count. */
static size_t find_anchor(const header_words *w, const unit *u, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (is_motto(w, u[i].text, u[i].len) || is_number_line(w, u[i].text, u[i].len))
            return i;
    return count;
}

/* s[0..n) up to a cut inside it. */
static size_t uncut_len(const header_words *w, const char *s, size_t n)
{
    size_t cut = header_cut(w, s, n);
    return cut < n ? cut : n;
}

static bool opens_issuer(const header_words *w, const unit *u)
{
    size_t n = uncut_len(w, u->text, u->len);
    return n <= ISSUER_MAX_BYTES && head_at(w->in, u->text, n, NULL) &&
           is_vn_upper_text(u->text, n) && !is_type_line(w->in, u->text, n);
}

/* The unit the issuer starts in: the first unit that opens with an issuing
 * body among the capitals just before the anchor (or at the top). */
static size_t find_start(const header_words *w, const unit *u, size_t count, size_t anchor)
{
    size_t found = SIZE_MAX;
    if (anchor == count) {
        for (size_t i = 0; i < count && i < 3 && found == SIZE_MAX; i++)
            if (opens_issuer(w, &u[i]))
                found = i;
        return found;
    }
    if (anchor < count && opens_issuer(w, &u[anchor]) &&
        uncut_len(w, u[anchor].text, u[anchor].len) < u[anchor].len)
        found = anchor; /* issuer and motto on one line */
    for (size_t k = 1; k <= ISSUER_LOOKBACK && k <= anchor; k++) {
        const unit *v = &u[anchor - k];
        if (!is_rule(v->text, v->len) && !is_vn_upper_text(v->text, v->len))
            break;
        if (opens_issuer(w, v))
            found = anchor - k;
    }
    return found;
}

/* ---- the block's source lines -------------------------------------------- */

static void add_segment(const header_words *w, block *b, const char *s, size_t n, size_t line)
{
    if (b->ended || b->count == ISSUER_MAX_SEGMENTS)
        return;
    while (n && is_space(*s)) {
        s++;
        n--;
    }
    if (is_rule(s, n) || is_motto(w, s, n) || is_number_line(w, s, n)) {
        b->ended = b->count > 0;
        return;
    }
    size_t cut = uncut_len(w, s, n);
    if (cut > ISSUER_MAX_BYTES) {
        b->ended = true; /* a paragraph, not a name */
        return;
    }
    size_t keep = before_rule(s, cut);
    if (cut < n || keep < cut)
        b->ended = true;
    while (keep && is_space(s[keep - 1]))
        keep--;
    if (keep)
        b->seg[b->count++] = (segment){s, keep, line};
}

/* The source lines of a unit: the pieces of a paragraph, the lines of a
 * cell block up to its "|", or a tab-separated cell. */
static void add_unit(const header_words *w, const lines_product *lines, block *b,
                     const unit *u)
{
    const para *p = u->p;
    if (u->cell == SIZE_MAX) {
        for (size_t k = 0; k < p->piece_count || (k == 0 && !p->piece_count); k++) {
            size_t from = p->piece_count ? p->pieces[k].offset : 0;
            size_t to = k + 1 < p->piece_count ? p->pieces[k + 1].offset : p->len;
            add_segment(w, b, p->text + from, to - from, p->piece_count ? p->pieces[k].line : p->line);
        }
        return;
    }
    size_t first = para_cell_line(p, u->cell);
    size_t at = first ? lines_index(lines, first) : lines->count;
    if (at >= lines->count || lines->lines[at].no != first ||
        (lines->lines[at].flags & LINE_CELLS)) {
        add_segment(w, b, u->text, u->len, first ? first : p->line);
        return;
    }
    for (size_t l = at; l < lines->count && !b->ended && b->count < ISSUER_MAX_SEGMENTS; l++) {
        const src_line *sl = &lines->lines[l];
        if (sl->flags & LINE_PIPE)
            break;
        if (!(sl->flags & LINE_BLANK))
            add_segment(w, b, sl->text, sl->len, sl->no);
    }
}

static void build_block(const header_words *w, const lines_product *lines, const unit *u,
                        size_t count, size_t start, block *b)
{
    add_unit(w, lines, b, &u[start]);
    for (size_t i = start + 1; i < count && i <= start + ISSUER_MAX_UNITS && !b->ended; i++) {
        const unit *v = &u[i];
        if (is_motto(w, v->text, v->len))
            continue; /* the other column of the header */
        if (is_number_line(w, v->text, v->len) || is_rule(v->text, v->len) ||
            !is_vn_upper_text(v->text, v->len) || is_type_line(w->in, v->text, v->len))
            break;
        add_unit(w, lines, b, v);
    }
}

/* ---- name and parent ------------------------------------------------------ */

typedef struct joined {
    strbuf text;
    size_t offset[ISSUER_MAX_SEGMENTS]; /* where each segment starts in text */
} joined;

static void join_block(const block *b, joined *j)
{
    for (size_t k = 0; k < b->count; k++) {
        if (k)
            sb_putc(&j->text, ' ');
        j->offset[k] = j->text.len;
        sb_append(&j->text, b->seg[k].text, b->seg[k].len);
    }
}

static bool ends_in_joiner(struct vnp_internal *in, const char *s, size_t n)
{
    while (n && is_space(s[n - 1]))
        n--;
    if (n && strchr(",-&", s[n - 1]))
        return true;
    size_t w = n;
    while (w && !is_space(s[w - 1]))
        w--;
    return listed_word_is(in, "function_words.tsv", "joiner", s + w, n - w, NULL);
}

static bool has_space(const char *s, size_t n) { return memchr(s, ' ', n) != NULL; }

/* Whether the issuer's own name starts at segment k: a line that opens
 * with a body's head words (one head word needs a name after it: "BỘ
 * QUỐC" over "PHÒNG" is a wrap), under a line that named a body (not a
 * head alone: "BAN CHỈ ĐẠO" over "PHÒNG, CHỐNG THIÊN TAI" is one name) and
 * did not end in "và" or a comma. */
static bool splits_at(struct vnp_internal *in, const joined *j, size_t k)
{
    const char *s = j->text.data;
    size_t n = j->text.len, at = j->offset[k], head = 0, first = 0;
    const char *scope = head_at(in, s + at, n - at, &head);
    if (!scope || strcmp(scope, "title") == 0 || (at + head >= n && !has_space(s + at, head)))
        return false;
    if (!head_at(in, s, at, &first))
        first = 0;
    size_t rest = first;
    while (rest < at && is_space(s[rest]))
        rest++;
    if (rest >= at || ends_in_joiner(in, s, at))
        return false;
    /* a line break inside a head's words, or after a line that holds head
     * words alone, is a wrap: "CHỦ TỊCH ỦY" over "BAN NHÂN DÂN TỈNH ...",
     * "CỤC" over "HẢI QUAN" */
    size_t prev = j->offset[k - 1], len = 0;
    if (head_at(in, s + prev, at - prev, &len) && prev + len + 1 >= at)
        return false;
    for (size_t w = prev; w < at; w++)
        if ((w == 0 || is_space(s[w - 1])) && !is_space(s[w]) && head_at(in, s + w, n - w, &len) &&
            w + len > at)
            return false;
    return true;
}

static char *copy_trimmed(arena *a, const char *s, size_t n)
{
    while (n && is_space(*s)) {
        s++;
        n--;
    }
    while (n && (is_space(s[n - 1]) || s[n - 1] == ','))
        n--;
    char *out = n ? arena_strndup(a, s, n) : NULL;
    if (out)
        out[fold_spaces(out, n)] = '\0';
    return out;
}

/* ---- scope ------------------------------------------------------------------ */

/* The scope of the first body named at the top of the issuer (an office's
 * title looks at the body after it: "BỘ TRƯỞNG BỘ Y TẾ"). */
static const char *head_scope(struct vnp_internal *in, const char *s, size_t n)
{
    size_t len = 0;
    const char *scope = head_at(in, s, n, &len);
    if (!scope || strcmp(scope, "title") != 0)
        return scope;
    for (size_t i = len; i < n; i++)
        if (is_space(s[i - 1]) && !is_space(s[i])) {
            const char *next = head_at(in, s + i, n - i, NULL);
            if (next && strcmp(next, "title") != 0)
                return next;
        }
    return NULL;
}

static const char *issuer_scope(struct vnp_internal *in, const char *s, size_t n,
                                const place_match *m)
{
    if (m->local)
        return "local";
    if (m->found)
        return "province";
    const char *scope = head_scope(in, s, n);
    if (scope && (strcmp(scope, "national") == 0 || strcmp(scope, "province") == 0))
        return scope;
    return NULL;
}

/* The source line of byte `at` of the joined block. */
static size_t line_at(const block *b, const joined *j, size_t at)
{
    size_t line = b->seg[0].line;
    for (size_t k = 0; k < b->count && j->offset[k] <= at; k++)
        line = b->seg[k].line;
    return line;
}

static void set_issuer(vnp_document *doc, const block *b, const char *source,
                       issuer_place_product *out)
{
    struct vnp_internal *in = doc->internal;
    joined j = {0};
    join_block(b, &j);
    if (j.text.failed || !j.text.len) {
        in->mem.failed |= j.text.failed;
        sb_free(&j.text);
        return;
    }
    size_t split = 0;
    for (size_t k = 1; k < b->count; k++)
        if (splits_at(in, &j, k))
            split = k;
    const char *s = j.text.data;
    size_t at = split ? j.offset[split] : 0;
    doc->issuer.name = copy_trimmed(&in->mem, s + at, j.text.len - at);
    doc->issuer.name_line = b->seg[split].line;
    if (split) {
        doc->issuer.parent = copy_trimmed(&in->mem, s, at);
        doc->issuer.parent_line = b->seg[0].line;
    }
    doc->issuer.source = source;
    char *whole = arena_strndup(&in->mem, s, j.text.len);
    if (whole) {
        place_find(in, whole, j.text.len, &out->place);
        out->text = whole;
        out->line = line_at(b, &j, out->place.written_start);
        doc->issuer.scope = issuer_scope(in, whole, j.text.len, &out->place);
    }
    sb_free(&j.text);
}

/* ---- the authority line ------------------------------------------------------ */

/* The line above the first "Căn cứ" that names the body deciding
 * ("ỦY BAN NHÂN DÂN TỈNH BẮC NINH", "BỘ TRƯỞNG BỘ Y TẾ"). */
static bool authority_line(const header_words *w, const lines_product *lines,
                           const paragraphs_product *paras, const title_product *title, block *b)
{
    struct vnp_internal *in = w->in;
    size_t limit = paras->count < ISSUER_MAX_PARAS ? paras->count : ISSUER_MAX_PARAS;
    for (size_t i = title->title_end; i < limit; i++) {
        const para *p = &paras->paras[i];
        if (p->kind != PARA_TEXT || !opens_basis(in, p->text, p->len))
            continue;
        const para *a = i > title->title_end ? &paras->paras[i - 1] : NULL;
        if (!a || a->kind != PARA_TEXT || a->len > ISSUER_MAX_BYTES ||
            !is_vn_upper_text(a->text, a->len) || !head_at(in, a->text, a->len, NULL))
            return false;
        unit u = {a, SIZE_MAX, a->text, a->len};
        add_unit(w, lines, b, &u);
        return b->count > 0;
    }
    return false;
}

vnp_status issuer_extract(vnp_document *doc, const lines_product *lines,
                          const paragraphs_product *paras, const title_product *title,
                          issuer_place_product *out)
{
    struct vnp_internal *in = doc->internal;
    vec units = {.size = sizeof(unit)};
    *out = (issuer_place_product){0};
    collect_units(doc, paras, &units);
    header_words w = {.in = in};
    role_openers_read(in, "state_mottos.tsv", "motto", &w.motto);
    role_openers_read(in, "function_words.tsv", "number", &w.number);
    const unit *u = units.items;
    size_t anchor = find_anchor(&w, u, units.count);
    size_t start = find_start(&w, u, units.count, anchor);
    block b = {0};
    if (start != SIZE_MAX)
        build_block(&w, lines, u, units.count, start, &b);
    if (b.count)
        set_issuer(doc, &b, "header", out);
    else if (authority_line(&w, lines, paras, title, &b))
        set_issuer(doc, &b, "authority", out);
    return stage_status(doc);
}
