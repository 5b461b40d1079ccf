/* Interpretation stage: what a record's cells mean, beside the cells as
 * written: the agencies of the lead and support cells, the time cells as
 * dates in the plan's period, and an indicator's value as a number. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AGENCIES_MAX 64

/* ---- agencies ------------------------------------------------------------ */

/* Does a new agency start at s? A capitalised agency word (lexicon
 * agency_heads.tsv) after a comma starts one; "đơn vị thuộc Sở" does not. */
static bool agency_starts(struct vnp_internal *in, const char *s, size_t n)
{
    if (is_vn_lower_start(s, n) || !lexicon_prefix(in, "agency_heads.tsv", s, n, NULL))
        return false;
    /* "Các Sở, Ban, Ngành": a lone word between commas is an item of one
     * enumerated name, unless it is an acronym such as "UBND" */
    size_t item = strcspn(s, ",;");
    size_t first = strcspn(s, " ");
    bool one_word = first >= item;
    return !one_word || (item >= 3 && is_vn_upper_text(s, item));
}

/* The agencies of a cell text already split. */
typedef struct cell_split {
    vnp_agency *list;
    size_t count;
} cell_split;

/* The agencies named so far in the document, by name: a name that comes
 * back (the lead of many rows) shares one copy of its name and key; a
 * cell text that comes back (the same lead cell on many rows, a merged
 * cell inherited by the rows under it) shares one array of agencies. */
typedef struct agency_names {
    arena mem;         /* the table only: released once the records are read */
    vnp_agency *slot;  /* open addressing; name NULL when free */
    size_t cap, count;
    hashmap cells;     /* cell text -> index in splits */
    vec splits;        /* cell_split, in mem */
    role_openers and;  /* how " và " opens (and_read: read yet) */
    bool and_read;
} agency_names;

static vnp_agency *name_slot(const agency_names *t, const char *s, size_t n)
{
    uint64_t h = 14695981039346656037u; /* FNV-1a */
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    size_t i = (size_t)h & (t->cap - 1);
    while (t->slot[i].name && !(strncmp(t->slot[i].name, s, n) == 0 && !t->slot[i].name[n]))
        i = (i + 1) & (t->cap - 1);
    return &t->slot[i];
}

static bool grow_names(agency_names *t)
{
    vnp_agency *old = t->slot;
    size_t old_cap = t->cap, cap = old_cap ? old_cap * 2 : 64;
    vnp_agency *slot = arena_alloc(&t->mem, cap * sizeof *slot);
    if (!slot)
        return false;
    t->slot = slot;
    t->cap = cap;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].name)
            *name_slot(t, old[i].name, strlen(old[i].name)) = old[i];
    arena_free(&t->mem, old);
    return true;
}

/* Agency s[0..n) with its key, the strings shared with its earlier rows. */
static vnp_agency agency_named(vnp_document *doc, agency_names *t, const char *s, size_t n)
{
    if (t->count * 2 >= t->cap && !grow_names(t))
        return (vnp_agency){NULL, NULL};
    vnp_agency *e = name_slot(t, s, n);
    if (!e->name) {
        char *key = toneless_key(s, n);
        e->key = key ? arena_strdup(&doc->internal->mem, key) : NULL;
        e->name = arena_strndup(&doc->internal->mem, s, n);
        t->count += e->name != NULL;
        mem_free(key);
    }
    return *e;
}

static void add_agency(vnp_document *doc, agency_names *names, vnp_agency *found, size_t *count,
                       const char *s, size_t n)
{
    while (n && (*s == ' ' || *s == '-' || *s == '+')) {
        s++;
        n--;
    }
    while (n && strchr(" ,;.", s[n - 1]))
        n--;
    if (n && *count < AGENCIES_MAX)
        found[(*count)++] = agency_named(doc, names, s, n);
}

/* " và " at cell[i] joins two agencies when the words after it open one
 * ("Sở Nội vụ và Thanh tra tỉnh"), unless a known name that runs past it
 * starts the agency ("Bộ Khoa học và Công nghệ") or a lone word before it
 * shares the rest of the name; returns where the second agency starts,
 * or 0. */
static size_t and_splits(struct vnp_internal *in, agency_names *names, const char *cell,
                         size_t n, size_t start, size_t i)
{
    if (cell[i] != ' ')
        return 0;
    /* most words open as no "và" does: told so by their first letters,
     * without a look-up */
    if (!names->and_read) {
        role_openers_read(in, "function_words.tsv", "agency_and", &names->and);
        names->and_read = true;
    }
    word_hit and; /* " và " */
    if (!role_openers_may_open(&names->and, cell + i + 1, n - i - 1) ||
        !listed_word_opens(in, "function_words.tsv", "agency_and", cell + i + 1, n - i - 1, &and) ||
        i + 1 + and.len >= n || cell[i + 1 + and.len] != ' ')
        return 0;
    size_t j = i + 1 + and.len + 1;
    if (!agency_starts(in, cell + j, n - j))
        return 0;
    while (start < i && strchr(" -+", cell[start]))
        start++;
    if (!memchr(cell + start, ' ', i - start))
        return 0; /* "Báo và Đài Phát thanh tỉnh": one word shares the rest */
    size_t known = 0;
    if (lexicon_prefix(in, "issuing_bodies.tsv", cell + start, n - start, &known) &&
        start + known > i)
        return 0;
    return j;
}

/* The agencies of a cell. Past AGENCIES_MAX - 1 of them the rest of the
 * cell is kept whole as the last one, with a warning: nothing is dropped. */
static vnp_agency *split_agencies(vnp_document *doc, agency_names *names, const char *cell,
                                  size_t line, size_t *count, bool *whole)
{
    vnp_agency found[AGENCIES_MAX];
    size_t k = 0, n = strlen(cell), start = 0;
    bool cut_short = false;
    for (size_t i = 0; i < n && !cut_short; i++) {
        bool cut = cell[i] == ';';
        if (cell[i] == ',') {
            size_t j = i + 1;
            while (j < n && cell[j] == ' ')
                j++;
            cut = agency_starts(doc->internal, cell + j, n - j);
        }
        size_t second = cut ? i + 1 : and_splits(doc->internal, names, cell, n, start, i);
        cut = second != 0;
        cut_short = cut && k + 1 == AGENCIES_MAX;
        if (cut && !cut_short) {
            add_agency(doc, names, found, &k, cell + start, i - start);
            start = second;
        }
    }
    add_agency(doc, names, found, &k, cell + start, n - start);
    if (cut_short)
        diag_add(doc, VNP_SEV_WARNING, VNP_DIAG_AGENCY_LIMIT, line,
                 "a cell names more than %d agencies: the rest of it is kept as the last "
                 "one, not split",
                 AGENCIES_MAX);
    vnp_agency *out = k ? arena_alloc(&doc->internal->mem, k * sizeof *out) : NULL;
    if (out)
        memcpy(out, found, k * sizeof *out);
    *count = out ? k : 0;
    *whole = !cut_short && (out || !k);
    return out;
}

/* The agencies of a cell: the array of an earlier cell with the same
 * text when there is one. A cell cut short is split again each time, so
 * that each of its records gives its warning. */
static vnp_agency *agencies_of(vnp_document *doc, agency_names *names, const char *cell,
                               size_t line, size_t *count)
{
    size_t n = strlen(cell);
    const size_t *known = hashmap_get(&names->cells, cell, n);
    if (known) {
        const cell_split *s = (const cell_split *)names->splits.items + *known;
        *count = s->count;
        return s->list;
    }
    bool whole;
    vnp_agency *list = split_agencies(doc, names, cell, line, count, &whole);
    size_t at = names->splits.count;
    cell_split *s = whole ? vec_push(&names->mem, &names->splits) : NULL;
    bool added;
    size_t *slot = s ? hashmap_put(&names->cells, cell, n, &added) : NULL;
    if (slot) {
        *s = (cell_split){list, *count};
        *slot = at;
    } else if (s) {
        names->splits.count = at;
    }
    return list;
}

/* ---- deadlines ------------------------------------------------------------- */

/* The record's due is the document's: its condition in the arena, and
 * nothing for vnp_due_clear() to free. Only a due that names a time is
 * kept: most records have none, and carry no bytes for it. */
static void keep_due(vnp_document *doc, vnp_record *r, vnp_due *d)
{
    arena *mem = &doc->internal->mem;
    vnp_due *kept = d->kind != VNP_DUE_NONE ? arena_alloc(mem, sizeof *kept) : NULL;
    if (kept) {
        *kept = *d;
        kept->condition = d->condition ? arena_strdup(mem, d->condition) : NULL;
        kept->owned = NULL;
        r->due = kept;
    }
    vnp_due_clear(d);
}

/* The times read so far in the document, by their cell's text: a plan
 * writes the same few in many records ("Năm 2026", "Thường xuyên": the
 * 301 real documents have 1,518 time cells and 326 texts), and the time
 * grammar read each again. A text reads the same time in the document's
 * period; one whose reading met a pattern's limit is read again each
 * time, so that each reading counts its hit as before. */
typedef struct due_memo {
    arena mem;       /* dues only: released once the records are read */
    hashmap by_text; /* cell text -> index in dues */
    vec dues;        /* vnp_due owning nothing, its condition in the document's arena */
} due_memo;

/* due_parse() of text in the document's period, or the due an earlier
 * cell with the same text read; *out owns nothing (vnp_due_clear() leaves
 * it as it is). */
static vnp_status read_time(vnp_document *doc, due_memo *memo, const char *text, vnp_due *out)
{
    size_t n = strlen(text);
    const size_t *known = hashmap_get(&memo->by_text, text, n);
    if (known) {
        *out = ((const vnp_due *)memo->dues.items)[*known];
        return VNP_OK;
    }
    struct vnp_internal *in = doc->internal;
    size_t hits = in->pattern_limit_hits;
    vnp_status st = due_parse(in, text, doc->period_from, doc->period_to, out);
    if (st != VNP_OK)
        return st;
    vnp_due read = *out;
    read.condition = out->condition ? arena_strdup(&in->mem, out->condition) : NULL;
    read.owned = NULL;
    bool copied = !out->condition || read.condition;
    vnp_due_clear(out);
    *out = read;
    if (hits != in->pattern_limit_hits || !copied)
        return VNP_OK;
    size_t at = memo->dues.count;
    vnp_due *kept = vec_push(&memo->mem, &memo->dues);
    bool added;
    size_t *slot = kept ? hashmap_put(&memo->by_text, text, n, &added) : NULL;
    if (slot) {
        *kept = read;
        *slot = at;
    } else if (kept) {
        memo->dues.count = at;
    }
    return VNP_OK;
}

/* The deadline cell; with a start cell too, the range from the start of
 * the one to the end of the other. */
static void read_due(vnp_document *doc, due_memo *memo, vnp_record *r)
{
    const char *end_cell = vnp_record_cell(r, VNP_CELL_DEADLINE);
    const char *start_cell = vnp_record_cell(r, VNP_CELL_START);
    if (!end_cell && !start_cell)
        return;
    vnp_due e, s;
    if (read_time(doc, memo, end_cell ? end_cell : start_cell, &e) != VNP_OK)
        return;
    if (end_cell && start_cell && read_time(doc, memo, start_cell, &s) == VNP_OK) {
        if (s.start.year && e.end.year) {
            e.kind = VNP_DUE_RANGE;
            e.start = s.start;
        }
        vnp_due_clear(&s);
    }
    keep_due(doc, r, &e);
}

/* ---- indicator values -------------------------------------------------------- */

/* "1.155.106" is 1155106, "99,61%" is 99.61: a dot groups thousands, a
 * comma marks decimals. Returns false when the cell is not a number, or
 * one a double cannot hold exactly (over 15 significant digits). */
static bool read_number(const char *s, double *value, bool *percent)
{
    char digits[64];
    size_t k = 0;
    *percent = false;
    for (size_t i = 0; s[i]; i++) {
        if (k == sizeof digits)
            return false; /* longer than any number decimal_read would take */
        char c = s[i];
        if (c >= '0' && c <= '9')
            digits[k++] = c;
        else if (c == ',')
            digits[k++] = '.';
        else if (c == '.' && !(s[i + 1] >= '0' && s[i + 1] <= '9' && s[i + 2] >= '0' &&
                               s[i + 2] <= '9' && s[i + 3] >= '0' && s[i + 3] <= '9'))
            digits[k++] = '.'; /* not a thousands group: a decimal point */
        else if (c == '%')
            *percent = true;
        else if (c != '.' && c != ' ')
            return false;
    }
    return k && decimal_read(digits, k, value);
}

/* "Có = 1; Không = 0": the label whose code is the value, or NULL when the
 * unit cell is no code list. Sets *is_list. */
static const char *code_label(vnp_document *doc, const char *unit, double value, bool *is_list)
{
    *is_list = strchr(unit, '=') != NULL;
    for (const char *eq = strchr(unit, '='); eq; eq = strchr(eq + 1, '=')) {
        const char *label_end = eq;
        while (label_end > unit && label_end[-1] == ' ')
            label_end--;
        const char *label = label_end;
        while (label > unit && !strchr(";,0123456789", label[-1]))
            label--;
        while (*label == ' ' || *label == ';' || *label == ',')
            label++;
        if (decimal_prefix(eq + 1) == value && label < label_end)
            return arena_strndup(&doc->internal->mem, label, (size_t)(label_end - label));
    }
    return NULL;
}

/* The quantities read so far, by the texts of their value and unit cells
 * (value, NUL, unit): rows that give the same value in the same unit share
 * one. */
typedef struct quantity_memo {
    hashmap map;  /* key -> the vnp_quantity's address */
    arena keys;
} quantity_memo;

static void read_quantity(vnp_document *doc, quantity_memo *memo, vnp_record *r)
{
    const char *v = vnp_record_cell(r, VNP_CELL_VALUE);
    double value;
    bool percent;
    if (!v || !read_number(v, &value, &percent))
        return;
    const char *unit = vnp_record_cell(r, VNP_CELL_UNIT);
    size_t vn = strlen(v), un = unit ? strlen(unit) : 0;
    size_t len = vn + 1 + (unit ? un + 1 : 0);
    char near[256]; /* the key of a look-up; copied to the memo's arena when new */
    char *key = len <= sizeof near ? near : arena_alloc(&memo->keys, len);
    if (!key)
        return;
    memcpy(key, v, vn + 1);
    if (unit)
        memcpy(key + vn + 1, unit, un + 1); /* a unit: a second NUL-ended part */
    const size_t *known = hashmap_get(&memo->map, key, len);
    if (known) {
        r->quantity = (vnp_quantity *)(uintptr_t)*known;
        return;
    }
    if (key == near && (key = arena_alloc(&memo->keys, len)) != NULL)
        memcpy(key, near, len);
    bool added;
    size_t *slot = key ? hashmap_put(&memo->map, key, len, &added) : NULL;
    bool is_list = false;
    vnp_quantity *q = arena_alloc(&doc->internal->mem, sizeof *q);
    if (!q)
        return;
    q->value = value;
    q->code = unit ? code_label(doc, unit, value, &is_list) : NULL;
    q->unit = percent ? "%" : is_list ? NULL : unit;
    r->quantity = q;
    if (slot)
        *slot = (size_t)(uintptr_t)q;
}

vnp_status records_interpret(vnp_document *doc)
{
    agency_names names = {.splits = {.size = sizeof(cell_split)}};
    quantity_memo quantities = {.map = {0}};
    due_memo dues = {.dues = {.size = sizeof(vnp_due)}};
    for (size_t t = 0; t < doc->table_count; t++)
        for (size_t i = 0; i < doc->tables[t].record_count; i++) {
            vnp_record *r = &doc->tables[t].records[i];
            size_t n = 0;
            if (vnp_record_cell(r, VNP_CELL_LEAD)) {
                r->lead = agencies_of(doc, &names, vnp_record_cell(r, VNP_CELL_LEAD), r->line, &n);
                r->lead_count = para_u32(n);
            }
            if (vnp_record_cell(r, VNP_CELL_SUPPORT)) {
                r->support = agencies_of(doc, &names, vnp_record_cell(r, VNP_CELL_SUPPORT),
                                         r->line, &n);
                r->support_count = para_u32(n);
            }
            read_due(doc, &dues, r);
            read_quantity(doc, &quantities, r);
        }
    hashmap_free(&names.cells);
    hashmap_free(&quantities.map);
    hashmap_free(&dues.by_text);
    arena_release(&dues.mem);
    arena_release(&quantities.keys);
    arena_release(&names.mem);
    return stage_status(doc);
}
