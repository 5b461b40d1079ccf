/* Table stage: rebuild annex tables from rows of cells and turn their rows
 * into records (sections, groups, tasks, indicators).
 *
 * Works on rows whatever layout they came from (tab-separated lines or
 * blocks of cells): the layout stage already made them rows. A table
 * starts at a header row, recognised by its column names
 * (grammars/table_headers.tsv), with an optional second header row. Page
 * breaks leave three traces that are undone here: the header repeated
 * (skipped), a record split over two rows (the second row's fragments are
 * joined to the first, cell by cell), and cells that a merged cell made
 * slide one column left (put back). */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEADER_CELL_MAX_BYTES 160
#define SECTION_TEXT_MAX_BYTES 400

typedef struct cols {
    vnp_cell_role *role;   /* per column */
    const char **header;   /* per column */
    size_t width;
    int at[VNP_CELL_ROLES]; /* first column of each role, -1 if none */
    const char *head_key;  /* match keys of the header rows, to spot repeats */
    const char *head_first; /* the header row's first cell as written */
    const char *sub_key;
} cols;

typedef struct rec {
    const char **cell;     /* per column, NULL when empty; in the last record,
                            * the last fragment of each column until it closes */
    size_t line;
    bool section;
    const char *section_title;
    size_t title_col;      /* column of a section's title */
} rec;

/* A row's text in one column of the last record. Rows that continue a
 * record after a page break add fragments; the record's cells are joined
 * from them once, when the next record starts. */
typedef struct frag {
    const char *text;
    size_t len, col, line;
} frag;

typedef struct tbuild {
    vnp_document *doc;
    arena tmp;             /* columns, rows, records, fragments: freed with the table */
    cols c;
    vec recs;              /* rec */
    vec frags;             /* frag of the last record */
    line_piece *single;    /* the pieces of the last one-fragment cell published */
    size_t first_line, last_line;
} tbuild;

/* ---- header recognition ------------------------------------------------- */

static vnp_cell_role role_from_name(const char *s, size_t n)
{
    static const char *const names[] = {"number", "objective", "task",     "activity", "output",
                                        "lead",   "support",   "start",    "deadline", "note",
                                        "indicator", "unit",   "value",    "other"};
    for (size_t k = 0; k < VNP_CELL_ROLES; k++)
        if (strlen(names[k]) == n && strncmp(names[k], s, n) == 0)
            return (vnp_cell_role)k;
    return VNP_CELL_OTHER;
}

const char *vnp_cell_role_string(vnp_cell_role role)
{
    static const char *const names[] = {"number", "objective", "task",     "activity", "output",
                                        "lead",   "support",   "start",    "deadline", "note",
                                        "indicator", "unit",   "value",    "other"};
    return role < VNP_CELL_ROLES ? names[role] : "other";
}

const char *vnp_record_kind_string(vnp_record_kind kind)
{
    static const char *const names[] = {"section", "group", "task", "indicator"};
    return kind <= VNP_RECORD_INDICATOR ? names[kind] : "task";
}

/* The lexicon row for a header cell: its role, and whether it only spans
 * sub-headers. Returns false for a cell that names no known column. */
static bool header_role(vnp_document *doc, const char *cell, vnp_cell_role *role, bool *span)
{
    size_t n = strlen(cell);
    if (n == 0 || n > HEADER_CELL_MAX_BYTES)
        return false;
    const char *v = lexicon_prefix(doc->internal, "table_headers.tsv", cell, n, NULL);
    if (!v)
        return false;
    *span = strncmp(v, "span\t", 5) == 0;
    const char *name = *span ? v + 5 : v;
    *role = role_from_name(name, strcspn(name, "\t"));
    return true;
}

/* A header row names at least two known columns, one of them the number
 * column, or three known columns. */
static bool is_header_row(vnp_document *doc, const para *p)
{
    size_t known = 0;
    bool number = false;
    for (size_t i = 0; i < p->cell_count; i++) {
        vnp_cell_role r;
        bool span;
        if (header_role(doc, p->cells[i], &r, &span)) {
            known++;
            number = number || r == VNP_CELL_NUMBER;
        }
    }
    return known >= 3 || (known >= 2 && number);
}

/* A second header row: each filled cell is a column name exactly ("Bắt
 * đầu", "Đơn vị tính"), none is the number column, and it leaves the top
 * row's first column empty. A first record that merely opens with a
 * header word ("Nhiệm vụ chung của các sở") is no header. */
static bool is_sub_header(vnp_document *doc, const para *top, const para *p)
{
    size_t known = 0;
    for (size_t i = 0; i < p->cell_count; i++) {
        if (!p->cells[i][0])
            continue;
        const char *v = lexicon_lookup(doc->internal, "table_headers.tsv", p->cells[i],
                                       strlen(p->cells[i]));
        if (!v || strncmp(v, "number", 6) == 0)
            return false;
        known++;
    }
    return known >= 1 && (p->cell_count == 0 || !p->cells[0][0] || !top->cells[0][0]);
}

static const char *row_key(arena *a, const para *p)
{
    char *k = vnp_match_key(p->text, p->len);
    const char *out = k ? arena_strdup(a, k) : NULL;
    free(k);
    return out;
}

static void set_columns(tbuild *t, const para *top, const para *sub)
{
    size_t width = top->cell_count;
    if (sub && sub->cell_count > width)
        width = sub->cell_count;
    t->c.width = width;
    t->c.role = arena_alloc(&t->tmp, width * sizeof *t->c.role);
    t->c.header = arena_alloc(&t->tmp, width * sizeof *t->c.header);
    if (!t->c.role || !t->c.header)
        return;
    const char *last_top = "";
    vnp_cell_role last_span = VNP_CELL_OTHER;
    for (size_t i = 0; i < width; i++) {
        const char *h = i < top->cell_count ? top->cells[i] : "";
        const char *s = sub && i < sub->cell_count ? sub->cells[i] : "";
        vnp_cell_role r = VNP_CELL_OTHER;
        bool span = false;
        if (h[0]) {
            last_top = h;
            if (!header_role(t->doc, h, &r, &span))
                r = VNP_CELL_OTHER;
            last_span = r;
        } else {
            r = last_span; /* a merged header cell covers this column too */
        }
        vnp_cell_role sr;
        bool sspan;
        if (s[0] && header_role(t->doc, s, &sr, &sspan)) {
            r = sr;
            size_t n = strlen(last_top) + strlen(s) + 4;
            char *both = arena_alloc(&t->doc->internal->mem, n);
            if (both)
                snprintf(both, n, "%s / %s", last_top, s);
            t->c.header[i] = both;
        } else {
            t->c.header[i] = h[0] ? h : last_top;
        }
        t->c.role[i] = r;
    }
    for (size_t k = 0; k < VNP_CELL_ROLES; k++)
        t->c.at[k] = -1;
    for (size_t i = width; i-- > 0;)
        t->c.at[t->c.role[i]] = (int)i;
    t->c.head_key = row_key(&t->tmp, top);
    t->c.head_first = top->cell_count ? top->cells[0] : "";
    t->c.sub_key = sub ? row_key(&t->tmp, sub) : NULL;
}

/* ---- cell evidence -------------------------------------------------------- */

static bool empty(const char *s) { return !s || !s[0]; }

static bool looks_like_time(vnp_document *doc, const char *s)
{
    return !empty(s) && rx_grammar_match(doc->internal, "time_cell.pcre", s, strlen(s), NULL);
}

static bool ends_sentence(const char *s)
{
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ')
        n--;
    return n && strchr(".;:!?", s[n - 1]);
}

static bool starts_lower(const char *s) { return is_vn_lower_start(s, strlen(s)); }

static bool starts_digit(const char *s) { return s[0] >= '0' && s[0] <= '9'; }

/* A section number: a Roman numeral ("III"), or a capital letter ("A")
 * that some tables use for the level above their numbered rows. */
static bool is_roman(const char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '.' || s[n - 1] == ' '))
        n--;
    if (n == 1 && s[0] >= 'A' && s[0] <= 'H')
        return true;
    if (n == 0 || n > 6)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!strchr("IVXL", s[i]))
            return false;
    return true;
}

static const char *col_cell(const tbuild *t, const char **cells, vnp_cell_role r)
{
    int at = t->c.at[r];
    return at < 0 ? NULL : cells[at];
}

/* ---- one row ---------------------------------------------------------------- */

/* Does s[i] take part in a join: set and, with roles, in a column of role? */
static bool joins(const char *const *s, size_t i, const vnp_cell_role *roles, vnp_cell_role role)
{
    return !empty(s[i]) && (!roles || roles[i] == role);
}

/* The strings of s[0..n) that take part, joined with sep in one
 * allocation: the string itself when only one does, NULL when none does. */
static const char *join_set(vnp_document *doc, const char *const *s, size_t n, const char *sep,
                            const vnp_cell_role *roles, vnp_cell_role role)
{
    size_t count = 0, len = 0, sep_len = strlen(sep);
    const char *one = NULL;
    for (size_t i = 0; i < n; i++)
        if (joins(s, i, roles, role)) {
            len += strlen(s[i]) + (count++ ? sep_len : 0);
            one = s[i];
        }
    if (count < 2)
        return one;
    char *out = arena_alloc(&doc->internal->mem, len + 1);
    size_t at = 0;
    for (size_t i = 0; out && i < n; i++)
        if (joins(s, i, roles, role)) {
            if (at) {
                memcpy(out + at, sep, sep_len);
                at += sep_len;
            }
            size_t w = strlen(s[i]);
            memcpy(out + at, s[i], w);
            at += w;
        }
    return out;
}

/* The cells of a row, one per column (missing ones empty). */
static const char **row_cells(tbuild *t, const para *p)
{
    const char **v = arena_alloc(&t->tmp, t->c.width * sizeof *v);
    if (!v)
        return NULL;
    for (size_t i = 0; i < t->c.width; i++)
        v[i] = i < p->cell_count && p->cells[i][0] ? p->cells[i] : NULL;
    size_t last = t->c.width - 1; /* cells past the header's width join the last column */
    if (t->c.width && p->cell_count > t->c.width)
        v[last] = join_set(t->doc, p->cells + last, p->cell_count - last, " ", NULL, 0);
    return v;
}

/* A merged cell made the row's cells slide one column left: the time stands
 * in the column before the time column, and the last column is empty. */
static void unshift(tbuild *t, const char **v)
{
    int time_col = t->c.at[VNP_CELL_DEADLINE];
    size_t w = t->c.width;
    if (time_col < 1 || (size_t)time_col != w - 1 || v[w - 1] ||
        !looks_like_time(t->doc, v[w - 2]) || t->c.role[w - 2] == VNP_CELL_START)
        return;
    size_t first = 0;
    while (first < w && (!v[first] || t->c.role[first] == VNP_CELL_NUMBER))
        first++;
    for (size_t i = w - 1; i > first; i--)
        v[i] = v[i - 1];
    v[first] = NULL;
}

/* One time value under "Bắt đầu" | "Hoàn thành" spans both columns: it is
 * the deadline, and a value after it in "Hoàn thành" is the product. */
static void spanning_time(tbuild *t, const char **v)
{
    int s = t->c.at[VNP_CELL_START], d = t->c.at[VNP_CELL_DEADLINE];
    int o = t->c.at[VNP_CELL_OUTPUT];
    if (s < 0 || d < 0 || !v[s])
        return;
    if (!v[d]) {
        v[d] = v[s];
        v[s] = NULL;
    } else if (!looks_like_time(t->doc, v[d]) && o >= 0 && !v[o]) {
        v[o] = v[d];
        v[d] = v[s];
        v[s] = NULL;
    }
}

/* A fragment's first word: lower case reads as the rest of a sentence; a
 * number or an abbreviation in capitals ("ĐVSNCL") may; a capitalised word
 * reads as a new text. */
typedef enum opening { OPENS_LOWER, OPENS_NEUTRAL, OPENS_CAPITAL } opening;

static opening fragment_opening(const char *s)
{
    if (starts_lower(s))
        return OPENS_LOWER;
    size_t w = strcspn(s, " ");
    if (starts_digit(s) || (w >= 2 && is_vn_upper_text(s, w)))
        return OPENS_NEUTRAL;
    return OPENS_CAPITAL;
}

/* Does the row only continue the cells of the record before it? Each filled
 * cell must stand where that record has text. Then a fragment in lower case
 * is enough evidence; a number or abbreviation is, after a cell that
 * stopped mid-sentence, unless another fragment opens with a capital. */
static bool continues_record(const tbuild *t, const rec *prev, const char **v)
{
    bool lower = false, neutral = false, capital = false, any = false;
    for (size_t i = 0; i < t->c.width; i++) {
        if (!v[i])
            continue;
        /* the number column opens a new record, unless it holds words that a
         * page break cut from a section title ("một cửa liên thông ...") */
        if (t->c.role[i] == VNP_CELL_NUMBER && (!starts_lower(v[i]) || !strchr(v[i], ' ')))
            return false;
        any = true;
        if (!prev->cell[i] && !prev->section)
            return false;
        opening o = fragment_opening(v[i]);
        lower = lower || o == OPENS_LOWER;
        capital = capital || o == OPENS_CAPITAL;
        neutral = neutral || (o == OPENS_NEUTRAL && !ends_sentence(prev->cell[i] ? prev->cell[i] : ""));
    }
    return any && (lower || (neutral && !capital));
}


/* The line of the row cell whose text is s. */
static size_t cell_line(const para *p, const char *s)
{
    for (size_t i = 0; i < p->cell_count; i++)
        if (p->cells[i] == s)
            return p->cell_lines[i];
    return p->line;
}

static void add_frag(tbuild *t, size_t col, const char *text, size_t line)
{
    frag *f = vec_push(&t->tmp, &t->frags);
    if (f) {
        f->text = text;
        f->len = strlen(text);
        f->col = col;
        f->line = line;
    }
}

static void join_row(tbuild *t, rec *prev, const para *p, const char **v)
{
    for (size_t i = 0; i < t->c.width; i++)
        if (v[i]) { /* a section title that a page break cut takes every fragment */
            add_frag(t, prev->section ? prev->title_col : i, v[i], cell_line(p, v[i]));
            if (!prev->section)
                prev->cell[i] = v[i];
        }
}

/* The fragments of column col joined with spaces: the fragment itself when
 * there is one, NULL when there is none. */
static const char *join_column(tbuild *t, size_t col)
{
    const frag *f = t->frags.items;
    size_t k = 0, len = 0;
    const char *last = NULL;
    for (size_t i = 0; i < t->frags.count; i++)
        if (f[i].col == col) {
            len += f[i].len + (k++ ? 1 : 0);
            last = f[i].text;
        }
    if (k < 2)
        return last;
    char *s = arena_alloc(&t->doc->internal->mem, len + 1);
    size_t at = 0;
    for (size_t i = 0; s && i < t->frags.count; i++)
        if (f[i].col == col) {
            if (at)
                s[at++] = ' ';
            memcpy(s + at, f[i].text, f[i].len);
            at += f[i].len;
        }
    return s;
}

/* The pieces of a cell of one fragment: {0, line}, shared by the cells of
 * a row. */
static line_piece *single_piece(tbuild *t, size_t line)
{
    if (!t->single || t->single->line != line) {
        t->single = arena_alloc(&t->doc->internal->scratch, sizeof *t->single);
        if (t->single)
            t->single->line = line;
    }
    return t->single;
}

/* Hands a cell, as written (before merged cells are filled in), to the
 * reference stage with the line each of its fragments came from. */
static void publish(tbuild *t, const char *text, size_t col)
{
    struct vnp_internal *in = t->doc->internal;
    const frag *f = t->frags.items;
    size_t k = 0, first = 0;
    for (size_t i = t->frags.count; i-- > 0;)
        if (f[i].col == col) {
            k++;
            first = i;
        }
    /* the pieces first: a cell is pushed only once it is whole, so a failed
     * allocation never leaves a cell without text for the later stages */
    line_piece *lp = k == 1 ? single_piece(t, f[first].line)
                            : arena_alloc(&in->scratch, k * sizeof *lp);
    cell_text *ct = lp ? vec_push(&in->scratch, &in->table_cells) : NULL;
    if (!ct)
        return;
    ct->text = text;
    ct->pieces = lp;
    ct->piece_count = k;
    size_t at = 0;
    for (size_t i = first; k > 1 && i < t->frags.count; i++)
        if (f[i].col == col) {
            lp->offset = at;
            lp++->line = f[i].line;
            at += f[i].len + 1;
        }
}

/* The last record is complete: its cells are joined and published. */
static void close_record(tbuild *t)
{
    rec *r = t->recs.count ? (rec *)t->recs.items + t->recs.count - 1 : NULL;
    for (size_t c = 0; r && c < t->c.width; c++) {
        const char *text = join_column(t, c);
        if (!r->section)
            r->cell[c] = text;
        else if (c == r->title_col)
            r->section_title = text;
        else
            continue; /* a section's number is read with its title */
        if (text)
            publish(t, text, c);
    }
    t->frags.count = 0;
}

/* "I" / "II." with one text cell: a section row spanning the table. */
static bool section_row(const tbuild *t, const char **v, size_t *title_col)
{
    const char *num = col_cell(t, v, VNP_CELL_NUMBER);
    if (!num || !is_roman(num))
        return false;
    size_t filled = 0;
    *title_col = t->c.width > 1 ? 1 : 0;
    for (size_t i = 0; i < t->c.width; i++)
        if (v[i] && t->c.role[i] != VNP_CELL_NUMBER) {
            filled++;
            *title_col = i;
        }
    return filled <= 1;
}

static void add_row(tbuild *t, const para *p)
{
    const char **v = row_cells(t, p);
    if (!v)
        return;
    rec *prev = t->recs.count ? (rec *)t->recs.items + t->recs.count - 1 : NULL;
    if (prev && continues_record(t, prev, v)) { /* fragments stay in their columns */
        join_row(t, prev, p, v);
        t->last_line = p->end_line;
        return;
    }
    close_record(t);
    unshift(t, v);
    spanning_time(t, v);
    rec *r = vec_push(&t->tmp, &t->recs);
    if (!r)
        return;
    r->cell = v;
    r->line = p->line;
    for (size_t i = 0; i < t->c.width; i++)
        if (v[i])
            add_frag(t, i, v[i], cell_line(p, v[i]));
    r->section = section_row(t, v, &r->title_col);
    t->last_line = p->end_line;
}

/* ---- the table's end ------------------------------------------------------ */

/* A header repeated after a page break. Most rows differ from the header
 * in their first cell already, so the key of the whole row is computed
 * only for rows that open like a header row. */
static bool is_repeat(tbuild *t, const para *p)
{
    const char *first = p->cell_count ? p->cells[0] : "";
    bool may = (first[0] == '\0') || strcmp(first, t->c.head_first) == 0;
    if (!may)
        return false;
    char *k = vnp_match_key(p->text, p->len);
    bool same = k && ((t->c.head_key && strcmp(k, t->c.head_key) == 0) ||
                      (t->c.sub_key && strcmp(k, t->c.sub_key) == 0));
    free(k);
    return same;
}

/* A text paragraph inside a table: the rest of a section title cut by a
 * page break (it starts in lower case after a section row). */
static bool absorbs_text(tbuild *t, const para *p)
{
    rec *prev = t->recs.count ? (rec *)t->recs.items + t->recs.count - 1 : NULL;
    if (!prev || !prev->section || p->len > SECTION_TEXT_MAX_BYTES ||
        !is_vn_lower_start(p->text, p->len))
        return false;
    add_frag(t, prev->title_col, p->text, p->line);
    return true;
}

/* ---- records ------------------------------------------------------------------ */

/* Tables whose rows leave STT, objective and task empty to mean "as above"
 * are the ones that nest several levels of work in one row: objective,
 * task, activity. */
static bool merges_cells(const tbuild *t)
{
    return t->c.at[VNP_CELL_OBJECTIVE] >= 0 && t->c.at[VNP_CELL_ACTIVITY] >= 0;
}

static void inherit_merged(tbuild *t)
{
    static const vnp_cell_role merged[] = {VNP_CELL_NUMBER, VNP_CELL_OBJECTIVE, VNP_CELL_TASK};
    rec *r = t->recs.items;
    for (size_t i = 1; i < t->recs.count; i++) {
        if (r[i].section || r[i - 1].section)
            continue;
        for (size_t k = 0; k < 3; k++) {
            int at = t->c.at[merged[k]];
            if (at >= 0 && !r[i].cell[at])
                r[i].cell[at] = r[i - 1].cell[at];
        }
    }
}

/* The length of a number without its closing dots, brackets and spaces. */
static size_t bare_len(const char *num)
{
    size_t n = strlen(num);
    while (n && (num[n - 1] == '.' || num[n - 1] == ')' || num[n - 1] == ' '))
        n--;
    return n;
}

static const char *strip_dot(vnp_document *doc, const char *num)
{
    return arena_strndup(&doc->internal->mem, num, bare_len(num));
}

/* "4.1" -> "4", "3.3.1." -> "3.3", "a)" -> NULL (found by position). */
static const char *parent_of_number(vnp_document *doc, const char *num)
{
    const char *bare = strip_dot(doc, num);
    if (!bare)
        return NULL;
    const char *dot = strrchr(bare, '.');
    return dot ? arena_strndup(&doc->internal->mem, bare, (size_t)(dot - bare)) : NULL;
}

static bool is_letter_number(const char *num)
{
    return num && ((num[0] >= 'a' && num[0] <= 'z' && num[1] == ')') ||
                   strncmp(num, "đ)", 3) == 0);
}

/* Is record b numbered as a child of record a? ("4.1" of "4.") */
static bool child_of(const char *a, const char *b)
{
    if (!a || !b)
        return false;
    if (is_letter_number(b))
        return !is_letter_number(a);
    size_t parent = bare_len(b);
    while (parent && b[parent - 1] != '.')
        parent--;
    return parent && bare_len(a) == parent - 1 && strncmp(a, b, parent - 1) == 0;
}

static bool assigns_work(const tbuild *t, const char **v)
{
    static const vnp_cell_role work[] = {VNP_CELL_ACTIVITY, VNP_CELL_OUTPUT, VNP_CELL_LEAD,
                                         VNP_CELL_SUPPORT, VNP_CELL_START, VNP_CELL_DEADLINE};
    for (size_t k = 0; k < sizeof work / sizeof work[0]; k++)
        if (col_cell(t, v, work[k]))
            return true;
    return false;
}

/* The record's cells by role; several unknown columns are kept apart. */
static void fill_cells(const tbuild *t, const rec *r, vnp_record *out)
{
    for (vnp_cell_role k = 0; k < VNP_CELL_ROLES; k++)
        if (k != VNP_CELL_NUMBER)
            out->cells[k] = join_set(t->doc, r->cell, t->c.width,
                                     k == VNP_CELL_OTHER ? " | " : " ", t->c.role, k);
}

static void classify(tbuild *t, size_t i, vnp_record *out, const char *next_number)
{
    const rec *r = (rec *)t->recs.items + i;
    bool indicators = t->c.at[VNP_CELL_INDICATOR] >= 0;
    const char *text_cell = indicators ? out->cells[VNP_CELL_INDICATOR] : out->cells[VNP_CELL_TASK];
    if (indicators) {
        bool measured = out->cells[VNP_CELL_UNIT] || out->cells[VNP_CELL_VALUE];
        out->kind = measured ? VNP_RECORD_INDICATOR : VNP_RECORD_GROUP;
    } else {
        bool heading = out->number && !assigns_work(t, r->cell) &&
                       child_of(out->number, next_number);
        out->kind = heading ? VNP_RECORD_GROUP : VNP_RECORD_TASK;
    }
    if (out->kind == VNP_RECORD_GROUP) {
        out->title = text_cell;
        out->cells[indicators ? VNP_CELL_INDICATOR : VNP_CELL_TASK] = NULL;
    }
}

/* The parent: by number ("4.1" under "4", "a)" under the last numbered
 * row), or, for a row without a number, the numbered row it sits under. */
static const char *find_parent(vnp_document *doc, vnp_record *recs, size_t n, size_t i,
                               size_t section_start)
{
    vnp_record *r = &recs[i];
    if (r->number && !is_letter_number(r->number))
        return parent_of_number(doc, r->number);
    for (size_t k = i; k-- > section_start;) {
        if (!recs[k].number || recs[k].kind == VNP_RECORD_SECTION)
            continue;
        if (r->number) /* a letter: under the last row numbered otherwise */
            return is_letter_number(recs[k].number) ? recs[k].parent
                                                    : strip_dot(doc, recs[k].number);
        /* no number: under that row when the next numbered row is its child */
        for (size_t j = i + 1; j < n; j++)
            if (recs[j].number)
                return child_of(recs[k].number, recs[j].number)
                           ? strip_dot(doc, recs[k].number)
                           : recs[k].parent;
        return recs[k].parent;
    }
    return NULL;
}

static const char *section_label(vnp_document *doc, const rec *r, const char *number)
{
    size_t n = strlen(number) + strlen(r->section_title ? r->section_title : "") + 4;
    char *s = arena_alloc(&doc->internal->mem, n);
    if (s)
        snprintf(s, n, "%s. %s", strip_dot(doc, number), r->section_title ? r->section_title : "");
    return s;
}

static vnp_record *make_records(tbuild *t, size_t *count)
{
    vnp_document *doc = t->doc;
    size_t n = t->recs.count;
    vnp_record *out = arena_alloc(&doc->internal->mem, (n + 1) * sizeof *out);
    if (!out)
        return NULL;
    if (merges_cells(t))
        inherit_merged(t);
    rec *r = t->recs.items;
    for (size_t i = 0; i < n; i++) {
        out[i].seq = i + 1;
        out[i].line = r[i].line;
        out[i].number = col_cell(t, r[i].cell, VNP_CELL_NUMBER);
    }
    const char *section = NULL;
    size_t section_start = 0;
    for (size_t i = 0; i < n; i++) {
        if (r[i].section) {
            out[i].kind = VNP_RECORD_SECTION;
            out[i].title = r[i].section_title;
            section = section_label(doc, &r[i], out[i].number);
            section_start = i + 1;
            continue;
        }
        fill_cells(t, &r[i], &out[i]);
        const char *next = NULL;
        for (size_t j = i + 1; j < n && !next && !r[j].section; j++)
            next = out[j].number;
        classify(t, i, &out[i], next);
        out[i].section = section;
        out[i].parent = find_parent(doc, out, n, i, section_start);
    }
    *count = n;
    return out;
}

/* ---- driver ------------------------------------------------------------------- */

/* The caption: the annex the table stands in (label and caption, without
 * the "(Kèm theo ...)" line naming the parent plan), or else the text just
 * above the table. */
static const char *table_title(vnp_document *doc, size_t header_para)
{
    struct vnp_internal *in = doc->internal;
    size_t line = in->paras[header_para].line;
    const vnp_annex *a = NULL;
    for (size_t k = 0; k < doc->annex_count; k++)
        if (doc->annexes[k].line <= line && line <= doc->annexes[k].end_line)
            a = &doc->annexes[k];
    if (!a)
        return header_para > 0 && in->paras[header_para - 1].kind == PARA_TEXT
                   ? in->paras[header_para - 1].text
                   : NULL;
    const char *cap = a->caption ? a->caption : "";
    size_t cap_len = strlen(cap);
    size_t n = strlen(a->label) + cap_len + 2;
    char *s = arena_alloc(&in->mem, n);
    if (s)
        snprintf(s, n, cap_len ? "%s %.*s" : "%s", a->label, (int)cap_len, cap);
    return s;
}

static const char *table_kind(const cols *c)
{
    if (c->at[VNP_CELL_INDICATOR] >= 0 || c->at[VNP_CELL_VALUE] >= 0)
        return "indicators";
    if (c->at[VNP_CELL_TASK] >= 0 || c->at[VNP_CELL_LEAD] >= 0)
        return "tasks";
    return "other";
}

static bool ends_table(vnp_document *doc, const para *p)
{
    size_t len;
    return para_is_heading(p) ||
           lexicon_prefix(doc->internal, "annex_labels.tsv", p->text, p->len, &len) != NULL;
}

/* Reads the rows from paras[k] to the table's end; returns the index of the
 * first paragraph after it. */
static size_t read_rows(tbuild *t, size_t k)
{
    struct vnp_internal *in = t->doc->internal;
    for (; k < in->para_count; k++) {
        const para *p = &in->paras[k];
        if (p->kind == PARA_ROW) {
            if (is_repeat(t, p))
                continue;
            if (is_header_row(t->doc, p))
                break; /* another table */
            add_row(t, p);
        } else if (ends_table(t->doc, p) || !absorbs_text(t, p)) {
            break;
        }
    }
    close_record(t);
    return k;
}

static void add_table(tbuild *t, size_t header_para, vec *tables)
{
    struct vnp_internal *in = t->doc->internal;
    vnp_table *tb = vec_push(&in->mem, tables);
    if (!tb)
        return;
    tb->index = tables->count;
    tb->title = table_title(t->doc, header_para);
    tb->line = t->first_line;
    tb->end_line = t->last_line;
    tb->kind = table_kind(&t->c);
    tb->column_count = t->c.width;
    tb->columns = arena_alloc(&in->mem, t->c.width * sizeof *tb->columns);
    for (size_t c = 0; tb->columns && c < t->c.width; c++) {
        tb->columns[c].header = t->c.header[c];
        tb->columns[c].role = t->c.role[c];
    }
    tb->records = make_records(t, &tb->record_count);
}

/* Reads one table from its header row at paras[i]; returns the index of
 * the first paragraph after it. */
static size_t read_table(vnp_document *doc, size_t i, vec *tables)
{
    struct vnp_internal *in = doc->internal;
    tbuild t = {.doc = doc, .recs = {.size = sizeof(rec)}, .frags = {.size = sizeof(frag)}};
    const para *top = &in->paras[i];
    const para *sub = i + 1 < in->para_count && in->paras[i + 1].kind == PARA_ROW &&
                              is_sub_header(doc, top, &in->paras[i + 1])
                          ? &in->paras[i + 1]
                          : NULL;
    set_columns(&t, top, sub);
    size_t k = in->para_count;
    if (t.c.role && t.c.header) {
        t.first_line = top->line;
        t.last_line = sub ? sub->end_line : top->end_line;
        k = read_rows(&t, i + (sub ? 2 : 1));
        add_table(&t, i, tables);
    }
    arena_release(&t.tmp);
    return k;
}

void tables_extract(vnp_document *doc)
{
    struct vnp_internal *in = doc->internal;
    vec tables = {.size = sizeof(vnp_table)};
    in->table_cells.size = sizeof(cell_text);
    for (size_t i = 0; i < in->para_count;) {
        const para *p = &in->paras[i];
        if (p->kind == PARA_ROW && is_header_row(doc, p))
            i = read_table(doc, i, &tables);
        else
            i++;
    }
    doc->tables = tables.items;
    doc->table_count = tables.count;
}
