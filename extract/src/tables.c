/* Table stage: rebuild annex tables from rows of cells and turn their rows
 * into records (sections, groups, tasks, indicators).
 *
 * Works on rows whatever layout they came from (tab-separated lines or
 * blocks of cells): the layout stage already made them rows. A table
 * starts at a header row, recognised by the words of its cells
 * (grammars/table_headers.tsv), with an optional second header row. Its
 * rows are gathered first (to the next header, heading or annex), so that
 * the cells of each column can confirm or give the column's role: agency
 * names make a lead or support column, time expressions a deadline,
 * numbers the number column. A row with fewer cells than the table is put
 * in place by the same evidence (a merged cell took the missing ones).
 * Page breaks leave two more traces that are undone here: the header
 * repeated (skipped) and a record split over two rows (the second row's
 * fragments are joined to the first, cell by cell). */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEADER_CELL_MAX_BYTES 160
#define HEADER_ALT_MAX_WORDS 8
#define SECTION_TEXT_MAX_BYTES 400
#define EVIDENCE_MAX_BYTES 200 /* longer cells are text */
#define MAX_SHIFT 3            /* columns a row's cells may move right */
#define SHIFT_MARGIN 2         /* evidence a move needs over none */
#define HEADING_RUN_MAX 3      /* heading paragraphs between two parts of a table */
#define JOIN_ROWS_MAX 8        /* block rows that one row with empty cells may take */
#define NUMBER_PARTS_MAX 6
#define SECTION_STYLES 8

static const char *const role_names[] = {"number", "objective", "task",     "activity", "output",
                                         "lead",   "support",   "start",    "deadline", "note",
                                         "indicator", "unit",   "value",    "other"};

const char *vnp_cell_role_string(vnp_cell_role role)
{
    return role < VNP_CELL_ROLES ? role_names[role] : "other";
}

const char *vnp_record_kind_string(vnp_record_kind kind)
{
    static const char *const names[] = {"section", "group", "task", "indicator"};
    return kind <= VNP_RECORD_INDICATOR ? names[kind] : "task";
}

/* ---- header words ------------------------------------------------------- */

/* What a header cell names: a role, or a class that the cells confirm. */
typedef enum hclass { HC_NONE, HC_ROLE, HC_AGENCY, HC_TIME } hclass;

typedef struct header_word {
    hclass cls;
    vnp_cell_role role; /* for HC_ROLE, and a modifier's narrowing */
    bool narrowed;      /* a modifier said which role of the class */
    bool covered;       /* every word is a lexicon word */
    bool mods_only;     /* modifiers without a head ("phối hợp") */
} header_word;

/* One lexicon row: what it says and which part of a phrase it is. */
typedef struct lex_part {
    char part;          /* 'h' head, 'm' modifier, 's' skip */
    hclass cls;
    vnp_cell_role role; /* VNP_CELL_ROLES for "doing" */
} lex_part;

static bool read_lex_value(const char *v, lex_part *out)
{
    size_t n = strcspn(v, "\t");
    const char *part = v[n] ? v + n + 1 : "";
    out->part = part[0];
    out->cls = HC_ROLE;
    out->role = VNP_CELL_OTHER;
    if (n == 6 && strncmp(v, "agency", 6) == 0)
        out->cls = HC_AGENCY;
    else if (n == 4 && strncmp(v, "time", 4) == 0)
        out->cls = HC_TIME;
    else if (n == 5 && strncmp(v, "doing", 5) == 0)
        out->role = VNP_CELL_ROLES;
    else
        for (size_t k = 0; k < VNP_CELL_ROLES; k++)
            if (strlen(role_names[k]) == n && strncmp(role_names[k], v, n) == 0)
                out->role = (vnp_cell_role)k;
    return out->part == 'h' || out->part == 'm' || out->part == 's';
}

/* Narrows a class by a modifier: "chủ trì" makes an agency the lead,
 * "bắt đầu" a time the start; "thực hiện" is the lead of an agency and the
 * deadline of a time. */
static void narrow(header_word *w, vnp_cell_role mod)
{
    if (w->cls == HC_AGENCY && (mod == VNP_CELL_LEAD || mod == VNP_CELL_SUPPORT))
        w->role = mod;
    else if (w->cls == HC_AGENCY && mod == VNP_CELL_ROLES)
        w->role = VNP_CELL_LEAD;
    else if (w->cls == HC_TIME && (mod == VNP_CELL_START || mod == VNP_CELL_DEADLINE))
        w->role = mod;
    else if (w->cls == HC_TIME && mod == VNP_CELL_ROLES)
        w->role = VNP_CELL_DEADLINE;
    else
        return;
    w->narrowed = true;
}

/* Classifies one alternative s[0..n) ("đơn vị chủ trì"): its first head and
 * the modifiers after it, word by word through the lexicon. */
static header_word classify_alternative(vnp_document *doc, const char *s, size_t n)
{
    header_word w = {HC_NONE, VNP_CELL_OTHER, false, true, false};
    vnp_cell_role mod = VNP_CELL_OTHER;
    bool any_mod = false;
    size_t words = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && s[i] == ' ')
            i++;
        if (i >= n)
            break;
        if (++words > HEADER_ALT_MAX_WORDS)
            return (header_word){HC_NONE, VNP_CELL_OTHER, false, false, false};
        size_t matched = 0;
        /* most words of a cell open as no header word does: no key made */
        const char *v = lexicon_may_open(doc->internal, "table_headers.tsv", s + i, n - i)
                            ? lexicon_prefix(doc->internal, "table_headers.tsv", s + i, n - i,
                                             &matched)
                            : NULL;
        lex_part lp;
        if (!v || !matched || !read_lex_value(v, &lp)) {
            if (w.cls == HC_NONE && !any_mod) /* a phrase opens with its head */
                return (header_word){HC_NONE, VNP_CELL_OTHER, false, false, false};
            w.covered = false;
            i += strcspn(s + i, " ");
            continue;
        }
        if (lp.part == 'h' && w.cls == HC_NONE && !any_mod) {
            w.cls = lp.cls;
            w.role = lp.cls == HC_AGENCY ? VNP_CELL_LEAD
                     : lp.cls == HC_TIME ? VNP_CELL_DEADLINE
                                         : lp.role;
        } else if (lp.part == 'm' && !any_mod) {
            mod = lp.role;
            any_mod = true;
        }
        i += matched;
    }
    if (w.cls == HC_NONE && any_mod && mod != VNP_CELL_ROLES) { /* "Chủ trì", "Bắt đầu" */
        w.cls = HC_ROLE;
        w.role = mod;
        w.narrowed = true;
        w.mods_only = true;
    } else if (any_mod) {
        narrow(&w, mod);
    }
    return w;
}

/* What each byte is to remove_brackets(): most are none of these. */
enum { PLAIN, OPENS, CLOSES, DIGIT };
static const unsigned char bracket_kind[256] = {
    ['('] = OPENS, ['['] = OPENS, [')'] = CLOSES, [']'] = CLOSES,
    ['0'] = DIGIT, ['1'] = DIGIT, ['2'] = DIGIT, ['3'] = DIGIT, ['4'] = DIGIT,
    ['5'] = DIGIT, ['6'] = DIGIT, ['7'] = DIGIT, ['8'] = DIGIT, ['9'] = DIGIT};

/* cell[0..n) without its remarks in brackets, into buf (whose first
 * `from` bytes, none of them a bracket or a digit, are written already),
 * NUL-terminated; its length, or (size_t)-1 for a digit outside brackets
 * (a value, not a header). */
static size_t remove_brackets(const char *cell, size_t n, size_t from, char *buf)
{
    size_t len = from;
    int depth = 0;
    for (size_t i = from; i < n; i++) {
        char c = cell[i];
        unsigned char k = bracket_kind[(unsigned char)c];
        if (k == PLAIN) {
            if (depth == 0)
                buf[len++] = c;
        } else if (k == OPENS) {
            depth++;
        } else if (k == CLOSES && depth > 0) {
            depth--;
        } else if (depth == 0) {
            if (k == DIGIT)
                return (size_t)-1;
            buf[len++] = c; /* a closing bracket with none open */
        }
    }
    buf[len] = '\0';
    return len;
}

/* Classifies a header cell: the remark in brackets dropped, "/" and ","
 * separating alternatives. The first alternative with a head gives the
 * class; a later one of the same class may narrow it ("Cơ quan, đơn vị chủ
 * trì"). A cell with digits outside brackets is a value, not a header. */
static header_word classify_cell_text(vnp_document *doc, const char *cell)
{
    header_word none = {HC_NONE, VNP_CELL_OTHER, false, false, false};
    size_t n = strlen(cell);
    if (n == 0 || n > HEADER_CELL_MAX_BYTES)
        return none;
    /* most cells hold no bracket and no digit: their text is read as it is */
    size_t plain = strcspn(cell, "()[]0123456789");
    const char *text = cell;
    size_t len = n;
    char buf[HEADER_CELL_MAX_BYTES + 1];
    if (plain < n) {
        memcpy(buf, cell, plain);
        len = remove_brackets(cell, n, plain, buf);
        if (len == (size_t)-1)
            return none;
        text = buf;
    }
    header_word best = none;
    bool first = true;
    for (size_t i = 0; i <= len;) {
        size_t k = strcspn(text + i, "/,;:");
        header_word w = classify_alternative(doc, text + i, k);
        if (first && w.cls == HC_NONE)
            return none; /* the first alternative names the column */
        if (best.cls == HC_NONE)
            best = w;
        else if (w.cls == best.cls && w.narrowed && !best.narrowed)
            best.role = w.role, best.narrowed = true;
        else if (w.mods_only && !best.narrowed) /* "Cơ quan, tổ chức phối hợp" */
            narrow(&best, w.role);
        best.covered = (first || best.covered) && w.covered;
        first = false;
        i += k + 1;
    }
    return best;
}

/* What the table stage reads from a cell's text alone, worked out once
 * per distinct text of the document: it asks about the same cells many
 * times (header rows, repeated headers, sub-headers, the evidence of each
 * column), each answer a walk of a lexicon with the keys of the cell's
 * words. An answer holds what each question found, each 0 until known
 * (cell_answer).
 *
 * The answers are kept by text (a header repeated after a page break, a
 * plan's every "Sở Tài chính" share one), and the last few thousand
 * addresses asked about also by address: most questions are about a cell
 * asked about before (the header test of each row, the evidence of a
 * column, the number of the row before), and an address costs a
 * multiplication where a text is measured, hashed and compared byte by
 * byte. The addresses are a cache of fixed size, made once for the
 * document's cells up to ADDR_MAX slots (an address takes an empty slot
 * near its home, else its home slot), so memory grows with the distinct
 * texts only. Every text asked about is a cell, a header or a literal that
 * stays where it is in the document's memory while the stage runs, so an
 * address names one text throughout and the texts are their own keys. The
 * texts hash with a multiplication per 8 bytes under a key drawn per
 * process, and a text or an address is looked for no further than
 * MEMO_PROBES slots from where its hash points: keys written to collide
 * are then only left out of the memo (their answers worked out again,
 * each in time bounded by its length), never a slower look-up. */
#define MEMO_MAX_BYTES 200
#define MEMO_PROBES 16
#define MEMO_MIN_SLOTS 64
#define ADDR_MAX 4096 /* slots of the address cache, at most */

typedef struct memo_slot {
    const char *text; /* NULL: empty */
    size_t len;
    uint64_t hash;
    size_t at; /* the text's answer in tstage.answers */
} memo_slot;

/* What is known of a text: each field 0 until known. */
typedef struct cell_answer {
    uint16_t header;  /* header_word_code() */
    uint8_t evidence; /* the evidence + 1 */
    uint8_t style;    /* the number style + 1 (cell_number_style) */
    uint32_t depth;   /* of the style */
} cell_answer;

typedef struct addr_slot {
    const char *text; /* NULL: empty */
    size_t at;
} addr_slot;

/* What the table stage holds while it runs, and gives back when it ends:
 * no later stage reads the memo. */
typedef struct tstage {
    vnp_document *doc;
    memo_slot *by_text;       /* a power of two of them, at most half used */
    size_t text_cap, text_count;
    addr_slot *by_addr;       /* the address cache, a power of two of slots */
    size_t addr_cap;
    unsigned addr_bits;       /* addr_cap is 1 << addr_bits */
    size_t cells;             /* of the document's rows: what the cache is sized for */
    uint64_t seed;            /* mixed into the hashes: differs per process */
    cell_answer *answers;     /* one per distinct text */
    size_t answer_count, answer_cap;
    arena view_mem;           /* rows_view's copy: read by this stage only */
    const bool *header_rows;  /* of each of rows_view's paragraphs: a row that
                               * is_header_row() takes; NULL: not known */
    size_t run_head;          /* the table text's entry that opens the last run of
                               * one-fragment cells (see cell_text) */
} tstage;

/* The finaliser of MurmurHash3: every bit of x moves every bit out. */
static uint64_t mix64(uint64_t x)
{
    x = (x ^ x >> 33) * 0xff51afd7ed558ccdu;
    x = (x ^ x >> 33) * 0xc4ceb9fe1a85ec53u;
    return x ^ x >> 33;
}

static uint64_t text_hash(uint64_t seed, const char *s, size_t n)
{
    uint64_t h = seed ^ (uint64_t)n * 0x9e3779b97f4a7c15u;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = (h ^ w) * 0x9fb21c651e98df25u;
        h ^= h >> 32;
    }
    uint64_t last = 0;
    if (i < n && n >= 8) /* the last eight bytes, some hashed already */
        memcpy(&last, s + n - 8, 8);
    else
        for (size_t b = 0; i + b < n; b++)
            last |= (uint64_t)(unsigned char)s[i + b] << (8 * b);
    return mix64(h ^ last);
}

/* The slot of an address among 1 << bits: the top bits of a product by a
 * constant (Fibonacci hashing), which every bit of the address moves. */
static size_t addr_home(uint64_t seed, unsigned bits, const char *text)
{
    return (size_t)((((uint64_t)(uintptr_t)text ^ seed) * 0x9e3779b97f4a7c15u) >> (64 - bits));
}

/* The slot of (text, len, h) among cap slots, or the empty one where it
 * would go; NULL when neither is within MEMO_PROBES slots. */
static memo_slot *memo_find(memo_slot *slots, size_t cap, const char *text, size_t len,
                            uint64_t h)
{
    for (size_t k = 0, i = (size_t)h & (cap - 1); k < MEMO_PROBES; k++, i = (i + 1) & (cap - 1)) {
        memo_slot *s = &slots[i];
        if (!s->text || s->text == text ||
            (s->hash == h && s->len == len && memcmp(s->text, text, len) == 0))
            return s;
    }
    return NULL;
}

/* The slot of address text among cap slots from its home slot i, or the
 * empty one where it would go; NULL when neither is within MEMO_PROBES
 * slots. */
static addr_slot *addr_find(addr_slot *slots, size_t cap, const char *text, size_t i)
{
    for (size_t k = 0; k < MEMO_PROBES; k++, i = (i + 1) & (cap - 1))
        if (!slots[i].text || slots[i].text == text)
            return &slots[i];
    return NULL;
}

/* The slots for at least `want` keys at most half used: a power of two. */
static size_t memo_slots_for(size_t want)
{
    size_t cap = MEMO_MIN_SLOTS;
    while (cap / 2 < want && cap < SIZE_MAX / 4)
        cap *= 2;
    return cap;
}

/* Doubles the text table (or makes it). A text
 * the new table has no room for within MEMO_PROBES is dropped (its answer
 * is worked out again when asked for by another address). */
static bool memo_grow(tstage *st)
{
    size_t cap = st->text_cap ? st->text_cap * 2 : MEMO_MIN_SLOTS;
    memo_slot *slots = cap <= SIZE_MAX / sizeof *slots ? mem_alloc(cap * sizeof *slots) : NULL;
    if (!slots) {
        vnp_alloc_failed = true;
        return false;
    }
    for (size_t i = 0; i < cap; i++) /* a slot is empty by its text alone */
        slots[i].text = NULL;
    size_t count = 0;
    for (size_t i = 0; i < st->text_cap; i++) {
        const memo_slot *old = &st->by_text[i];
        memo_slot *s = old->text ? memo_find(slots, cap, old->text, old->len, old->hash) : NULL;
        if (s) {
            *s = *old;
            count++;
        }
    }
    mem_free(st->by_text);
    st->by_text = slots;
    st->text_cap = cap;
    st->text_count = count;
    return true;
}

/* Makes the address cache: two slots a cell, up to ADDR_MAX. */
static bool addr_make(tstage *st)
{
    size_t cap = memo_slots_for(st->cells);
    cap = cap < ADDR_MAX ? cap : ADDR_MAX;
    unsigned bits = 0;
    while (((size_t)1 << bits) < cap)
        bits++;
    st->by_addr = mem_calloc(cap, sizeof *st->by_addr);
    if (!st->by_addr) {
        vnp_alloc_failed = true;
        return false;
    }
    st->addr_cap = cap;
    st->addr_bits = bits;
    return true;
}

/* A new answer, 0; (size_t)-1 when memory ran out. */
static size_t new_answer(tstage *st)
{
    if (st->answer_count == st->answer_cap) {
        size_t cap = st->answer_cap ? st->answer_cap * 2 : MEMO_MIN_SLOTS;
        cell_answer *more = cap <= SIZE_MAX / sizeof *more
                                ? mem_realloc(st->answers, st->answer_cap * sizeof *more,
                                              cap * sizeof *more)
                                : NULL;
        if (!more) {
            vnp_alloc_failed = true;
            return (size_t)-1;
        }
        st->answers = more;
        st->answer_cap = cap;
    }
    st->answers[st->answer_count] = (cell_answer){0};
    return st->answer_count++;
}

/* The index of the answer about text[0..n), made (0) when new; (size_t)-1
 * when it cannot be kept (memory ran out, or no slot within reach). */
static size_t answer_of_text(tstage *st, const char *text, size_t n)
{
    if ((st->text_count + 1) * 2 > st->text_cap && !memo_grow(st))
        return (size_t)-1;
    uint64_t h = text_hash(st->seed, text, n);
    memo_slot *s = memo_find(st->by_text, st->text_cap, text, n, h);
    if (!s)
        return (size_t)-1;
    if (s->text)
        return s->at;
    size_t at = new_answer(st);
    if (at == (size_t)-1)
        return at;
    *s = (memo_slot){text, n, h, at};
    st->text_count++;
    return at;
}

/* cell_memo() of a cell not in its home slot: found further on, or
 * looked for by its text and cached by its address. */
static __attribute__((noinline)) cell_answer *cell_memo_add(tstage *st, const char *cell)
{
    if (!st->addr_cap) { /* the first question of the stage */
        st->seed = hash_bytes("", 0);
        if (!addr_make(st))
            return NULL;
    }
    size_t home = addr_home(st->seed, st->addr_bits, cell);
    addr_slot *a = addr_find(st->by_addr, st->addr_cap, cell, home);
    if (a && a->text)
        return st->answers + a->at;
    size_t n = strlen(cell);
    size_t at = n <= MEMO_MAX_BYTES ? answer_of_text(st, cell, n) : (size_t)-1;
    if (at == (size_t)-1)
        return NULL;
    /* no empty slot within reach: the cache is full there, and the address
     * takes its home slot from the one that held it */
    st->by_addr[a ? (size_t)(a - st->by_addr) : home] = (addr_slot){cell, at};
    return st->answers + at;
}

/* The answer about a cell's text, good until the next call; NULL for an
 * empty or long text, when memory ran out, or when there is no slot for
 * it within reach. Most questions are about an address asked about before, which
 * stands in its home slot. */
static inline cell_answer *cell_memo(tstage *st, const char *cell)
{
    if (!cell[0])
        return NULL;
    const addr_slot *home =
        st->addr_cap ? &st->by_addr[addr_home(st->seed, st->addr_bits, cell)] : NULL;
    if (home && home->text == cell)
        return st->answers + home->at;
    return cell_memo_add(st, cell);
}

static void memo_free(tstage *st)
{
    mem_free(st->by_text);
    mem_free(st->by_addr);
    mem_free(st->answers);
    arena_release(&st->view_mem);
}

static size_t header_word_code(header_word w)
{
    return 1 + ((size_t)w.cls | (size_t)w.role << 4 | (size_t)w.narrowed << 12 |
                (size_t)w.covered << 13 | (size_t)w.mods_only << 14);
}

static header_word header_word_of(size_t code)
{
    code--;
    return (header_word){(hclass)(code & 0xF), (vnp_cell_role)(code >> 4 & 0xFF),
                         (code >> 12 & 1) != 0, (code >> 13 & 1) != 0, (code >> 14 & 1) != 0};
}

/* classify_header() of a cell whose answer holds no header word yet. */
static __attribute__((noinline)) header_word classify_header_anew(tstage *st, const char *cell,
                                                                  cell_answer *memo)
{
    header_word w = classify_cell_text(st->doc, cell);
    if (memo)
        memo->header = (uint16_t)header_word_code(w);
    return w;
}

/* Inlined where it is asked: most cells are asked about again, and
 * their answer is read from the memo. */
static inline header_word classify_header(tstage *st, const char *cell)
{
    /* an empty cell names nothing, and a digit outside brackets makes a
     * value ("1", "2026"), as classify_cell_text says: no memo needed */
    if (!cell[0] || (cell[0] >= '0' && cell[0] <= '9'))
        return (header_word){HC_NONE, VNP_CELL_OTHER, false, false, false};
    cell_answer *memo = cell_memo(st, cell);
    if (memo && memo->header)
        return header_word_of(memo->header);
    return classify_header_anew(st, cell, memo);
}

static bool header_known(const header_word *w) { return w->cls != HC_NONE; }

/* A header row names at least two known columns, one of them the number
 * column, or three known columns. */
static bool is_header_row(tstage *st, const para *p)
{
    size_t known = 0;
    bool number = false;
    for (size_t i = 0; i < p->cell_count && known < 3; i++) {
        header_word w = classify_header(st, p->cells[i]);
        if (header_known(&w)) {
            known++;
            number = number || (w.cls == HC_ROLE && w.role == VNP_CELL_NUMBER);
        }
    }
    return known >= 3 || (known >= 2 && number);
}

/* is_header_row() of paras[k], one of rows_view's paragraphs: as
 * rows_view() found it, when it could keep it. */
static bool row_is_header(tstage *st, const para *paras, size_t k)
{
    return st->header_rows ? st->header_rows[k] : is_header_row(st, &paras[k]);
}

/* A second header row: each filled cell is made of header words only
 * ("Bắt đầu", "Đơn vị tính") and names no number column. In the
 * tab-separated layout it leaves the top row's first column empty (a
 * first record that merely opens with a header word is no header). */
static bool is_sub_header(tstage *st, const para *top, const para *p)
{
    size_t known = 0;
    for (size_t i = 0; i < p->cell_count; i++) {
        if (!p->cells[i][0])
            continue;
        header_word w = classify_header(st, p->cells[i]);
        if (!header_known(&w) || !w.covered || (w.cls == HC_ROLE && w.role == VNP_CELL_NUMBER))
            return false;
        known++;
    }
    bool fewer = p->cell_count < top->cell_count; /* cell blocks leave merged cells out */
    return known >= 1 && (fewer || !p->cells[0][0] || !top->cells[0][0]);
}

/* ---- cell evidence -------------------------------------------------------- */

static bool empty(const char *s) { return !s || !s[0]; }

static bool starts_lower(const char *s) { return is_vn_lower_start(s, strlen(s)); }

static bool starts_digit(const char *s) { return s[0] >= '0' && s[0] <= '9'; }

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return n > 0;
}

static cell_numbering number_style(const char *s, size_t *depth)
{
    return s ? cell_number_style(s, strlen(s), depth) : (*depth = 0, NS_NONE);
}

/* cell_style() of a text whose answer holds no style yet. */
static __attribute__((noinline)) cell_numbering cell_style_anew(const char *s, size_t *depth,
                                                                cell_answer *memo)
{
    cell_numbering ns = number_style(s, depth);
    if (memo && *depth <= UINT32_MAX) {
        memo->style = (uint8_t)(ns + 1);
        memo->depth = (uint32_t)*depth;
    }
    return ns;
}

/* number_style() of a cell, kept in its answer: the rows' numbers are
 * asked about again and again (the record before, the next row, the
 * evidence, the sections, the records' parents). */
static inline cell_numbering cell_style(tstage *st, const char *s, size_t *depth)
{
    cell_answer *memo = s ? cell_memo(st, s) : NULL;
    if (memo && memo->style) {
        *depth = memo->depth;
        return (cell_numbering)(memo->style - 1);
    }
    return cell_style_anew(s, depth, memo);
}

/* A section number: a Roman numeral ("III", "III.1.1") or a capital
 * letter ("A") that some tables use for the level above their rows. */
static bool section_style(cell_numbering st)
{
    return st == NS_ROMAN || st == NS_CAPITAL || st == NS_ROMAN_DOTTED;
}

typedef enum evidence { EV_EMPTY, EV_NUMBER, EV_TIME, EV_AGENCY, EV_TEXT } evidence;

/* Does the text of pk open with a head of the lexicon (agency_heads.tsv,
 * table_staff.tsv)? A head marked "verb" ("Tổ chức": "organise", and an
 * organisation) opens a name only when no lower-case word follows it:
 * "Tổ chức, cá nhân" and "Tổ chức Công đoàn" are agencies, "Tổ chức cuộc
 * thi" is a task. */
static bool opens_head(vnp_document *doc, const char *lexicon, prefix_keys *pk)
{
    const char *s = pk->text;
    size_t n = pk->len, m = 0;
    const char *v = lexicon_prefix_keyed(doc->internal, lexicon, pk, &m);
    if (!v || strcmp(v, "verb") != 0)
        return v != NULL;
    while (m > 0 && s[m - 1] == ' ')
        m--;
    /* the match may take the mark after the words ("Tổ chức,") */
    bool mark = m > 0 && strchr(",;:/&()-", s[m - 1]);
    while (m < n && s[m] == ' ')
        m++;
    mark = mark || (m < n && strchr(",;:/&()-", s[m])); /* is_vn_lower_start skips marks */
    return m == n || mark || !is_vn_lower_start(s + m, n - m);
}

/* An agency or the staff who do a step ("Sở Tài chính", "- Văn thư"):
 * s[0..n). The text's first words are keyed once for both lexicons. */
static bool looks_like_agency(vnp_document *doc, const char *s, size_t n)
{
    while (n && (*s == '-' || *s == '+' || *s == ' ')) {
        s++;
        n--;
    }
    bool may_agency = lexicon_may_open(doc->internal, "agency_heads.tsv", s, n);
    bool may_staff = lexicon_may_open(doc->internal, "table_staff.tsv", s, n);
    if (!may_agency && !may_staff)
        return false;
    prefix_keys pk;
    prefix_keys_init(&pk, s, n);
    bool head = (may_agency && opens_head(doc, "agency_heads.tsv", &pk)) ||
                (may_staff && opens_head(doc, "table_staff.tsv", &pk));
    prefix_keys_release(&pk);
    return head;
}

/* A year alone ("2026") is a time, not a row number: s[0..n). */
static bool is_year(const char *s, size_t n)
{
    return n == 4 && all_digits(s, 4) && (strncmp(s, "19", 2) == 0 || strncmp(s, "20", 2) == 0);
}

static evidence evidence_of_text(tstage *st, const char *s)
{
    vnp_document *doc = st->doc;
    if (empty(s))
        return EV_EMPTY;
    size_t n = strlen(s);
    if (is_year(s, n))
        return EV_TIME;
    size_t depth;
    if (cell_style(st, s, &depth) != NS_NONE)
        return EV_NUMBER;
    if (n > EVIDENCE_MAX_BYTES)
        return EV_TEXT;
    if (time_cell(doc->internal, s, n))
        return EV_TIME;
    if (looks_like_agency(doc, s, n))
        return EV_AGENCY;
    return EV_TEXT;
}

static evidence cell_evidence(tstage *st, const char *s)
{
    cell_answer *memo = cell_memo(st, s);
    if (memo && memo->evidence)
        return (evidence)(memo->evidence - 1);
    evidence ev = evidence_of_text(st, s);
    if (memo)
        memo->evidence = (uint8_t)(ev + 1);
    return ev;
}

/* How well a cell with evidence ev fits a column of role r. */
static int fit(vnp_cell_role r, evidence ev)
{
    static const int number[] = {0, 3, -2, -3, -3};
    static const int agency[] = {0, -3, -2, 2, 0};
    static const int time[] = {0, -2, 2, -2, -2};
    static const int text[] = {0, -3, -1, -1, 1};
    switch (r) {
    case VNP_CELL_NUMBER: return number[ev];
    case VNP_CELL_LEAD:
    case VNP_CELL_SUPPORT: return agency[ev];
    case VNP_CELL_START:
    case VNP_CELL_DEADLINE: return time[ev];
    case VNP_CELL_OBJECTIVE:
    case VNP_CELL_TASK:
    case VNP_CELL_ACTIVITY:
    case VNP_CELL_INDICATOR: return text[ev];
    default: return 0;
    }
}

/* Does the fit of a column of role r tell evidence apart? Every fit of
 * EV_EMPTY is 0, so a cell whose columns tell none apart fits them as an
 * empty one does. */
static bool weighs_evidence(vnp_cell_role r)
{
    for (int ev = EV_NUMBER; ev <= EV_TEXT; ev++)
        if (fit(r, (evidence)ev) != fit(r, EV_EMPTY))
            return true;
    return false;
}

/* vec_push() of a vector of items of `size` bytes, inlined where the
 * stage pushes once per cell (its fragments, its table text): a slot the
 * vector has room for is cleared in place. */
static inline void *push_cleared(arena *a, vec *v, size_t size)
{
    if (v->count == v->cap || v->size != size)
        return vec_push(a, v);
    void *slot = (char *)v->items + v->count++ * size;
    memset(slot, 0, size);
    return slot;
}

/* ---- the table being built ------------------------------------------------- */

typedef struct cols {
    vnp_cell_role *role;   /* per column */
    const char **header;   /* per column */
    size_t width;
    int at[VNP_CELL_ROLES]; /* first column of each role, -1 if none */
    const char *head_key;  /* match keys of the header rows, to spot repeats: */
    const char *sub_key;   /* made when a row first may repeat them (keys_made) */
    const para *head_row, *sub_row; /* the header rows the keys are made of */
    bool keys_made;
    const char *head_first; /* the header row's first cell as written */
} cols;

/* A gathered piece of the table: a row, or a heading paragraph that
 * stands between two parts of it (a section). */
typedef struct item {
    const para *p;
    bool heading;
} item;

typedef struct rec {
    const char **cell;     /* n cells by column, NULL when empty */
    size_t n;
    const char **row;      /* the cells of the row the record was read from, row_n */
    size_t row_n;          /* of them (none: 0) */
    size_t line;
    bool section;
    const char *section_number;
    const char *section_title;
    size_t title_col;      /* column of a section's title */
    int level;             /* of a section: the order its numbering style first came */
} rec;

/* A row's text in one column of the last record. Rows that continue a
 * record after a page break add fragments; the record's cells are joined
 * from them once, when the next record starts. */
typedef struct frag {
    const char *text;
    const char *const *slot; /* where text stands in its row's cells, or NULL */
    size_t len;              /* of text: measured when the record closes, in a
                              * column of several fragments (close_record) */
    size_t col, line;
} frag;

/* Per column, while a record closes: its fragments' count and the sum
 * of their lengths (of a column of several). */
typedef struct colacc {
    size_t count, len, at, done;
    const char *text;
    const char *const *slot; /* of a one-fragment cell: its frag's */
    char *buf;
    size_t line;           /* of the first fragment */
    line_piece *pieces;    /* of a cell of several fragments (in the table's arena) */
} colacc;

/* A buffer reused from row to row; cap in bytes. */
typedef struct workbuf {
    void *data;
    size_t cap;
} workbuf;

typedef struct tbuild {
    vnp_document *doc;
    tstage *stage;
    const para *paras;     /* the rows as the table stage reads them (rows_view) */
    size_t para_count;
    size_t head_width;     /* the columns the header rows name */
    const char **head_texts; /* their headers and roles (header_width), or NULL */
    vnp_cell_role *head_roles;
    arena tmp;             /* columns, rows, records, fragments: freed with the table */
    cols c;
    vec items;             /* item */
    vec recs;              /* rec */
    vec frags;             /* frag of the last record */
    colacc *acc;           /* per column */
    vec *cells;            /* table_entry: the stage's product for the reference stage */
    size_t first_line, last_line;
    int styles[SECTION_STYLES]; /* section numbering styles, in order of first use */
    size_t style_count;
    /* Work space of one row (where its cells move, the scores of the
     * moves), kept for the next row: given back to the arena row by row,
     * each time after a walk of the arena's chunks, as many as the table
     * has rows, it made the time quadratic in the rows. */
    workbuf shift, score, from;
} tbuild;

/* At least `bytes` of w: the buffer the last row used when it is large
 * enough, else a new one of twice the size or more (so a table allocates
 * O(log width) of them). */
static void *work_buffer(tbuild *t, workbuf *w, size_t bytes)
{
    if (bytes <= w->cap)
        return w->data;
    size_t want = bytes > 2 * w->cap ? bytes : 2 * w->cap;
    void *fresh = arena_alloc(&t->tmp, want);
    if (!fresh)
        return NULL;
    if (w->data)
        arena_free(&t->tmp, w->data);
    w->data = fresh;
    w->cap = want;
    return fresh;
}

static rec *last_rec(tbuild *t)
{
    return t->recs.count ? (rec *)t->recs.items + t->recs.count - 1 : NULL;
}

static const char *cell_at(const rec *r, int col)
{
    return col >= 0 && (size_t)col < r->n ? r->cell[col] : NULL;
}

static const char *col_cell(const tbuild *t, const rec *r, vnp_cell_role role)
{
    return cell_at(r, t->c.at[role]);
}

/* Makes sure the record has a slot for column col. */
static bool widen(tbuild *t, rec *r, size_t col)
{
    if (col < r->n)
        return true;
    const char **v = arena_alloc(&t->tmp, (col + 1) * sizeof *v);
    if (!v)
        return false;
    memset(v, 0, (col + 1) * sizeof *v);
    if (r->n)
        memcpy(v, r->cell, r->n * sizeof *v);
    r->cell = v;
    r->n = col + 1;
    return true;
}

/* ---- columns ---------------------------------------------------------------- */

/* Row p as written, its cells joined by tabs, in b (a tab-separated row's
 * own text is its cells, their tabs gone: layout.c add_tab_row). Its match
 * key is that of the line the row was read from: the key folds white
 * space as the cells were folded. False when memory ran out. */
static bool row_written(const para *p, strbuf *b)
{
    for (size_t c = 0; c < p->cell_count; c++) {
        if (c)
            sb_putc(b, '\t');
        sb_puts(b, p->cells[c]);
    }
    sb_append(b, "", 0); /* makes sure data exists */
    return !b->failed;
}

static const char *row_key(arena *a, const para *p)
{
    strbuf b = {0};
    const char *key = row_written(p, &b) ? arena_match_key(a, b.data, b.len) : NULL;
    sb_free(&b);
    return key;
}

static void index_roles(cols *c)
{
    for (size_t k = 0; k < VNP_CELL_ROLES; k++)
        c->at[k] = -1;
    for (size_t i = c->width; i-- > 0;)
        c->at[c->role[i]] = (int)i;
}

/* Does a sub-header role belong under a top header of this class? */
static bool under(const header_word *top, vnp_cell_role sub)
{
    if (top->cls == HC_TIME)
        return sub == VNP_CELL_START || sub == VNP_CELL_DEADLINE;
    if (top->cls == HC_AGENCY)
        return sub == VNP_CELL_LEAD || sub == VNP_CELL_SUPPORT;
    return top->role == VNP_CELL_VALUE && (sub == VNP_CELL_UNIT || sub == VNP_CELL_VALUE);
}

/* The header texts of a two-level column: "Thời gian / Bắt đầu". */
static const char *two_level(tbuild *t, const char *top, const char *sub)
{
    size_t n = strlen(top) + strlen(sub) + 4;
    char *both = arena_alloc(&t->doc->internal->mem, n);
    if (both)
        snprintf(both, n, "%s / %s", top, sub);
    return both;
}

/* Header cells to columns. In the tab-separated layout the two header rows
 * stand column by column (an empty top cell is covered by the merged one
 * before it). In cell blocks a merged top cell is written once and the
 * sub-header row holds only the cells under merged ones: each top cell of
 * a class that sub-headers narrow ("Thời gian" over "Bắt đầu | Hoàn
 * thành") takes the run of sub cells that belong under it. */
static size_t header_columns(tbuild *t, const para *top, const para *sub, const char **head,
                             vnp_cell_role *role, size_t cap)
{
    bool blocks = sub && sub->cell_count < top->cell_count;
    size_t w = 0, s = 0;
    const char *last_top = "";
    vnp_cell_role last_role = VNP_CELL_OTHER;
    size_t count = blocks ? top->cell_count : (sub && sub->cell_count > top->cell_count
                                                   ? sub->cell_count : top->cell_count);
    for (size_t i = 0; i < count && w < cap; i++) {
        const char *h = i < top->cell_count ? top->cells[i] : "";
        header_word hw = classify_header(t->stage, h);
        if (h[0]) {
            last_top = h;
            last_role = header_known(&hw) ? hw.role : VNP_CELL_OTHER;
        }
        if (blocks) {
            size_t run = 0;
            while (s + run < sub->cell_count && w + run < cap) {
                header_word sw = classify_header(t->stage, sub->cells[s + run]);
                if (!under(&hw, sw.role))
                    break;
                head[w + run] = two_level(t, h, sub->cells[s + run]);
                role[w + run] = sw.role;
                run++;
            }
            s += run;
            if (run) {
                w += run;
                continue;
            }
            head[w] = h;
            role[w++] = header_known(&hw) ? hw.role : VNP_CELL_OTHER;
            continue;
        }
        const char *sc = sub && i < sub->cell_count ? sub->cells[i] : "";
        header_word sw = classify_header(t->stage, sc);
        if (sc[0] && header_known(&sw)) {
            head[w] = two_level(t, last_top, sc);
            role[w++] = sw.role;
        } else {
            head[w] = h[0] ? h : last_top;
            role[w++] = last_role; /* a merged header cell covers this column too */
        }
    }
    return w;
}

/* The generic agency heads ("Đơn vị", "Cơ quan") name a lead column only
 * when its cells are agencies; the others keep the role their words give. */
static bool generic_agency(tstage *st, const char *h)
{
    header_word w = classify_header(st, h);
    return w.cls == HC_AGENCY && !w.narrowed;
}

/* ---- gathering the rows --------------------------------------------------- */

/* The cells of a row without the empty ones at its end. */
static size_t trimmed_count(const para *p)
{
    size_t n = p->kind == PARA_ROW ? p->cell_count : 0; /* a heading has none */
    while (n && !p->cells[n - 1][0])
        n--;
    return n;
}

/* A header repeated after a page break. Most rows differ from the header
 * in their first cell already, so the key of the whole row is computed
 * only for rows that open like a header row. */
static bool is_repeat(tbuild *t, const para *p)
{
    if (p->opens_table)
        return false;
    const char *first = p->cell_count ? p->cells[0] : "";
    bool may = (first[0] == '\0') || strcmp(first, t->c.head_first) == 0;
    if (!may)
        return false;
    if (!t->c.keys_made) { /* most tables have no row that may repeat a header */
        t->c.head_key = row_key(&t->tmp, t->c.head_row);
        t->c.sub_key = t->c.sub_row ? row_key(&t->tmp, t->c.sub_row) : NULL;
        t->c.keys_made = true;
    }
    char buf[256], *heap = NULL;
    strbuf row = {0};
    const char *k = row_written(p, &row) ? match_key_in(row.data, row.len, buf, sizeof buf, &heap)
                                         : NULL;
    bool same = k && ((t->c.head_key && strcmp(k, t->c.head_key) == 0) ||
                      (t->c.sub_key && strcmp(k, t->c.sub_key) == 0));
    mem_free(heap);
    sb_free(&row);
    return same;
}

static bool is_annex_label(vnp_document *doc, const para *p)
{
    return opens_annex(doc->internal, p->text, p->len, NULL) != NULL;
}

/* A short heading paragraph that may name a section of a table ("II.
 * PHÁT TRIỂN HẠ TẦNG SỐ", a bold title). A heading numbered "7." belongs
 * to the document's own outline, and an annex label opens an annex. */
static bool heading_para(vnp_document *doc, const para *p)
{
    size_t depth, w = strcspn(p->text, " ");
    return p->kind == PARA_TEXT && p->len <= SECTION_TEXT_MAX_BYTES &&
           (para_is_heading(p) || p->bold) && !is_annex_label(doc, p) &&
           cell_number_style(p->text, w, &depth) != NS_ARABIC;
}

/* Do heading paragraphs from paras[k] lead to more rows of this table (a
 * row that is no header, of more than one cell)? Returns how many. */
static size_t headings_before_rows(tbuild *t, size_t k)
{
    size_t n = 0;
    while (k + n < t->para_count && n < HEADING_RUN_MAX && heading_para(t->doc, &t->paras[k + n]))
        n++;
    if (n == 0 || k + n >= t->para_count)
        return 0;
    const para *next = &t->paras[k + n];
    return next->kind == PARA_ROW && next->cell_count > 1 &&
                   !row_is_header(t->stage, t->paras, k + n)
               ? n
               : 0;
}

/* A text paragraph inside a table: the rest of a section title cut by a
 * page break (it starts in lower case after a one-cell row or heading). */
static bool continues_title(const tbuild *t, const para *p)
{
    const item *last = t->items.count ? (const item *)t->items.items + t->items.count - 1 : NULL;
    return last && (last->heading || trimmed_count(last->p) <= 2) &&
           p->kind == PARA_TEXT && p->len <= SECTION_TEXT_MAX_BYTES &&
           is_vn_lower_start(p->text, p->len);
}

static void push_item(tbuild *t, const para *p, bool heading)
{
    item *it = vec_push(&t->tmp, &t->items);
    if (it) {
        it->p = p;
        it->heading = heading;
    }
}

static cell_numbering first_cell_style(tstage *st, const para *p)
{
    size_t depth;
    return p->cell_count ? cell_style(st, p->cells[0], &depth) : NS_NONE;
}

/* ---- empty cells of blocks of cells -------------------------------------- */

/* The parts of an Arabic number ("3.12" -> 3, 12); 0 when it has more
 * parts than NUMBER_PARTS_MAX or a part too long to be a number. */
static size_t number_parts(const char *s, unsigned long *part)
{
    size_t n = 0, digits = 0;
    part[0] = 0;
    for (; *s && *s != ' ' && *s != ')'; s++) {
        if (*s == '.') {
            if (!digits)
                break;
            if (++n == NUMBER_PARTS_MAX)
                return 0;
            part[n] = 0;
            digits = 0;
        } else if (*s >= '0' && *s <= '9' && digits < 6) {
            part[n] = part[n] * 10 + (unsigned long)(*s - '0');
            digits++;
        } else {
            return 0;
        }
    }
    return digits ? n + 1 : n;
}

/* Could `next` number the record after the one numbered `last`? After
 * "1.1": "1.2", "1.1.1", "2" or "1" (numbering restarts in a section);
 * any number when none came before. Numbers of other styles ("Bước 3",
 * "II", "a)") are taken as record numbers; a value such as "100" after
 * "1.1" is no record number. */
static bool may_follow(tstage *ts, const char *last, const char *next)
{
    size_t depth;
    cell_numbering st = cell_style(ts, next, &depth);
    if (st == NS_NONE || st == NS_BULLET)
        return false;
    if (st != NS_ARABIC || !last || cell_style(ts, last, &depth) != NS_ARABIC)
        return true;
    unsigned long a[NUMBER_PARTS_MAX], b[NUMBER_PARTS_MAX];
    size_t na = number_parts(last, a), nb = number_parts(next, b);
    if (!na || !nb)
        return true;
    if (nb == 1 && b[0] == 1)
        return true;
    size_t same = 0;
    while (same < na && same < nb && a[same] == b[same])
        same++;
    if (nb == na + 1 && same == na)
        return b[na] == 1;                              /* "1.1.1" after "1.1" */
    return nb <= na && same == nb - 1 && b[nb - 1] == a[nb - 1] + 1; /* "1.2", "2" */
}

static bool in_block_after(const tbuild *t, size_t k)
{
    return k < t->para_count && t->paras[k].kind == PARA_ROW && t->paras[k].after_row;
}

/* How many of the block rows after paras[k] continue it: with one empty
 * cell for the lone "|" that ended each and one for each lone "|" after
 * it, they fill the row of `cells` cells to at most the header's width,
 * and the lone "|" after the last fill it to that width (the rest open
 * the next row) or the block ends. None opens with a record number, and
 * one that a single "|" parts from the row opens with a value (a number,
 * a time, an agency), not with text. 0 when no such run exists. */
static size_t row_continues(const tbuild *t, size_t k, size_t cells, const char *last_number)
{
    size_t w = t->head_width, total = cells;
    for (size_t m = 1; m <= JOIN_ROWS_MAX && total < w && in_block_after(t, k + m); m++) {
        const para *q = &t->paras[k + m];
        if (!q->cell_count || may_follow(t->stage, last_number, q->cells[0]) ||
            row_is_header(t->stage, t->paras, k + m))
            return 0;
        /* after a lone "|", which may end a row, text opens a row of its own
         * (a section title spanning the table); a value may not */
        if (!q->lone_pipes && cell_evidence(t->stage, q->cells[0]) == EV_TEXT)
            return 0;
        total += q->lone_pipes + 1 + q->cell_count;
        if (total > w)
            return 0;
        if (!in_block_after(t, k + m + 1) || total + t->paras[k + m + 1].lone_pipes >= w)
            return m;
    }
    return 0;
}

/* The row of paras[k..k+m] as one: `lead` empty cells, then the cells of
 * each, with the empty cells their lone "|" stood for between them. */
static const para *joined_row(tbuild *t, size_t lead, size_t k, size_t m)
{
    size_t n = lead;
    for (size_t j = k; j <= k + m; j++)
        n += t->paras[j].cell_count + (j > k ? t->paras[j].lone_pipes + 1 : 0);
    para *p = arena_alloc(&t->tmp, sizeof *p);
    /* the table text and the records may point into the cells
     * (CELL_TEXT_SLICE, record_share_cells): they stay with the document */
    const char **cells = arena_alloc(&t->doc->internal->mem, n * sizeof *cells);
    size_t *lines = arena_alloc(&t->tmp, n * sizeof *lines);
    if (!p || !cells || !lines)
        return &t->paras[k];
    *p = t->paras[k];
    size_t at = 0, len = 0, line = p->line;
    for (size_t j = k; j <= k + m; j++) {
        const para *q = &t->paras[j];
        size_t gap = j == k ? lead : q->lone_pipes + 1;
        for (size_t e = 0; e < gap; e++, at++) {
            cells[at] = "";
            lines[at] = line;
        }
        for (size_t c = 0; c < q->cell_count; c++, at++) {
            cells[at] = q->cells[c];
            lines[at] = line = para_cell_line(q, c);
            len += strlen(q->cells[c]);
        }
    }
    char *text = arena_alloc(&t->tmp, len + n + 1);
    size_t pos = 0;
    for (size_t c = 0; text && c < n; c++) {
        if (c)
            text[pos++] = '\t';
        memcpy(text + pos, cells[c], strlen(cells[c]));
        pos += strlen(cells[c]);
    }
    if (text)
        text[pos] = '\0';
    p->cells = cells;
    p->cell_lines = lines;
    p->cell_count = para_u32(n);
    p->text = text ? text : p->text;
    p->len = text ? para_u32(pos) : p->len;
    p->end_line = t->paras[k + m].end_line;
    return p;
}

/* The row at paras[k] with its empty cells put back; *used gets the count
 * of paragraphs it took. The lone "|" between a row and the one before
 * that the earlier row's width does not take are empty cells that open
 * this row, when the row then stays within the header's width. */
static const para *block_row(tbuild *t, size_t k, size_t prev_cells, const char *last_number,
                             size_t *used)
{
    const para *p = &t->paras[k];
    size_t lead = 0, w = t->head_width;
    *used = 1;
    if (!p->after_row || !w)
        return p;
    size_t room = prev_cells < w ? w - prev_cells : 0;
    bool numbered = p->cell_count && may_follow(t->stage, last_number, p->cells[0]);
    if (!numbered && p->lone_pipes > room && p->lone_pipes - room + p->cell_count <= w)
        lead = p->lone_pipes - room;
    size_t m = row_continues(t, k, lead + p->cell_count, numbered ? p->cells[0] : last_number);
    *used = m + 1;
    return lead || m ? joined_row(t, lead, k, m) : p;
}

/* Gathers the rows from paras[k] to the table's end: another header, a
 * heading or annex label that no row of this table follows, or, in a table
 * of procedure steps, a row numbered otherwise ("3 | BIỂU MẪU" after "B8":
 * the next table, which the converter ran into this one). Returns the
 * index of the first paragraph after the table. */
static size_t gather_rows(tbuild *t, size_t k)
{
    bool steps = false;
    size_t prev_cells = k ? t->paras[k - 1].cell_count : 0;
    const char *last_number = NULL;
    while (k < t->para_count) {
        const para *p = &t->paras[k];
        if (p->kind == PARA_ROW) {
            if (is_repeat(t, p)) {
                prev_cells = p->cell_count;
                k++;
                continue;
            }
            size_t used = 1;
            bool header = row_is_header(t->stage, t->paras, k);
            if (!header) { /* a row put together from several is asked again */
                const para *row = block_row(t, k, prev_cells, last_number, &used);
                header = row != p && is_header_row(t->stage, row);
                p = row;
            }
            cell_numbering st = first_cell_style(t->stage, p);
            if (header || (steps && st != NS_STEP && st != NS_NONE && st != NS_BULLET))
                break;
            steps = steps || st == NS_STEP;
            if (st != NS_NONE && st != NS_BULLET)
                last_number = p->cells[0];
            push_item(t, p, false);
            prev_cells = p->cell_count;
            k += used;
        } else if (continues_title(t, p)) {
            push_item(t, p, true);
            k++;
        } else {
            size_t n = headings_before_rows(t, k);
            if (n == 0)
                break;
            for (size_t i = 0; i < n; i++)
                push_item(t, &t->paras[k + i], true);
            k += n;
        }
    }
    return k;
}


/* ---- column roles from the header and the cells ----------------------- */

/* The evidence of the columns, counted for a column when its role first
 * asks for it: most columns are named by their header, and their cells'
 * evidence (for some, a reading of the time grammar) would be read for
 * nothing. */
typedef struct column_count {
    size_t of[EV_TEXT + 1]; /* the column's cells of each kind of evidence */
    bool counted;
} column_count;

typedef struct column_counts {
    column_count *col; /* per column, zeroed */
    bool every_row;    /* no row is as wide as the table: every row counts */
} column_counts;

static bool column_counts_init(tbuild *t, column_counts *cc)
{
    size_t w = t->c.width;
    cc->col = arena_alloc(&t->tmp, w * sizeof *cc->col);
    if (!cc->col)
        return false;
    const item *it = t->items.items;
    cc->every_row = true;
    for (size_t i = 0; i < t->items.count && cc->every_row; i++)
        cc->every_row = it[i].heading || trimmed_count(it[i].p) < w;
    return true;
}

/* Counts the cells of column c that show each kind of evidence, in the
 * rows as wide as the table (or every row, when none is). */
static const size_t *counts_of(tbuild *t, column_counts *cc, size_t c)
{
    size_t *count = cc->col[c].of;
    if (cc->col[c].counted)
        return count;
    const item *it = t->items.items;
    for (size_t i = 0; i < t->items.count; i++) {
        const para *p = it[i].p;
        if (it[i].heading || (!cc->every_row && trimmed_count(p) < t->c.width))
            continue;
        if (c < p->cell_count)
            count[cell_evidence(t->stage, p->cells[c])]++;
    }
    cc->col[c].counted = true;
    return count;
}

static bool mostly(const size_t *count, evidence ev)
{
    size_t filled = 0;
    for (int e = EV_NUMBER; e <= EV_TEXT; e++)
        filled += count[e];
    return filled && count[ev] * 2 > filled;
}

/* A header cell that names no column: empty, or of words the lexicon does
 * not know ("Phân công nhiệm vụ"). Cells give such a column its role. */
static bool unnamed(tstage *st, const char *h)
{
    header_word w = classify_header(st, h);
    return h[0] == '\0' || !header_known(&w);
}

/* Roles the cells give: the first column of numbers is the number column
 * when the header names none (its first cell spanned the number and task
 * columns, or was left empty); a column without a role whose cells are
 * agencies is the lead (or, after a lead column, support); one of times
 * is the deadline; a generic "Đơn vị" column of no agencies is other. */
static void confirm_roles(tbuild *t)
{
    size_t w = t->c.width;
    column_counts cc;
    if (!column_counts_init(t, &cc))
        return;
    index_roles(&t->c);
    if (t->c.at[VNP_CELL_NUMBER] < 0 && w > 1 && mostly(counts_of(t, &cc, 0), EV_NUMBER) &&
        t->c.role[0] != VNP_CELL_OTHER) { /* the header's first cell spans two columns */
        memmove(t->c.role + 1, t->c.role, (w - 1) * sizeof *t->c.role);
        memmove(t->c.header + 1, t->c.header, (w - 1) * sizeof *t->c.header);
        t->c.role[0] = VNP_CELL_NUMBER;
        t->c.header[0] = "";
        t->head_width += t->head_width < w;
    }
    /* one pass, keeping what the roles so far say (linear in the width) */
    size_t deadlines = 0, numbers = 0;
    for (size_t c = 0; c < w; c++) {
        deadlines += t->c.role[c] == VNP_CELL_DEADLINE;
        numbers += t->c.role[c] == VNP_CELL_NUMBER;
    }
    bool lead_before = false;
    for (size_t c = 0; c < w; c++) {
        vnp_cell_role *r = &t->c.role[c];
        bool generic = *r == VNP_CELL_LEAD && generic_agency(t->stage, t->c.header[c]);
        if (generic && !mostly(counts_of(t, &cc, c), EV_AGENCY)) {
            *r = VNP_CELL_OTHER;
        } else if (*r == VNP_CELL_OTHER && unnamed(t->stage, t->c.header[c])) {
            const size_t *count = counts_of(t, &cc, c);
            if (mostly(count, EV_AGENCY)) {
                *r = lead_before ? VNP_CELL_SUPPORT : VNP_CELL_LEAD;
            } else if (mostly(count, EV_TIME) && !deadlines) {
                *r = VNP_CELL_DEADLINE;
                deadlines++;
            } else if (c == 0 && mostly(count, EV_NUMBER) && !numbers) {
                *r = VNP_CELL_NUMBER;
                numbers++;
            }
        }
        lead_before = lead_before || *r == VNP_CELL_LEAD;
    }
    index_roles(&t->c);
}

static bool set_columns(tbuild *t, const para *top, const para *sub)
{
    size_t width = top->cell_count + (sub ? sub->cell_count : 0) + 1;
    for (size_t i = 0; i < t->items.count; i++) {
        size_t n = trimmed_count(((item *)t->items.items)[i].p);
        width = n > width ? n : width;
    }
    t->c.role = arena_alloc(&t->tmp, width * sizeof *t->c.role);
    t->c.header = arena_alloc(&t->tmp, width * sizeof *t->c.header);
    if (!t->c.role || !t->c.header)
        return false;
    /* the header's columns, as header_width() read them (their count stays
     * within the cells of the header rows, less than width) */
    size_t w = t->head_width;
    if (t->head_texts) {
        memcpy(t->c.header, t->head_texts, w * sizeof *t->c.header);
        memcpy(t->c.role, t->head_roles, w * sizeof *t->c.role);
    } else {
        w = header_columns(t, top, sub, t->c.header, t->c.role, width);
    }
    size_t rows = 0; /* rows wider than the header add columns of their own */
    for (size_t i = 0; i < t->items.count; i++) {
        size_t n = trimmed_count(((item *)t->items.items)[i].p);
        rows = n > rows ? n : rows;
    }
    for (; w < rows; w++) {
        t->c.header[w] = "";
        t->c.role[w] = VNP_CELL_OTHER;
    }
    t->c.width = w;
    confirm_roles(t);
    t->acc = arena_alloc(&t->tmp, (w ? w : 1) * sizeof *t->acc);
    if (t->acc)
        memset(t->acc, 0, (w ? w : 1) * sizeof *t->acc);
    return t->acc != NULL;
}

/* ---- one row ---------------------------------------------------------------- */

/* Where a row with fewer cells than the table puts them: cells keep their
 * order, and each may move right by up to MAX_SHIFT columns (never less
 * than the one before it) when that fits the columns' roles better by
 * SHIFT_MARGIN ("Lãnh đạo Sở | Phân công ... | 1 ngày" under "Tên bước |
 * Đơn vị thực hiện | Nội dung | Thời hạn | Biểu mẫu": the step and the
 * form are merged cells). Fills shift[0..k). */
static void align_row(tbuild *t, const para *p, size_t k, size_t *shift)
{
    /* the header's columns: a row cut by the converter and run into the
     * next one is wider, and must not draw the rows out of place */
    size_t width = t->head_width && t->head_width < t->c.width ? t->head_width : t->c.width;
    size_t room = width > k ? width - k : 0, d_max = room < MAX_SHIFT ? room : MAX_SHIFT;
    if (d_max == 0 || k == 0)
        return;
    size_t states = d_max + 1;
    int *score = work_buffer(t, &t->score, k * states * sizeof *score);
    unsigned char *from = work_buffer(t, &t->from, k * states);
    if (!score || !from)
        return;
    int base = 0;
    for (size_t i = 0; i < k; i++) {
        /* a cell's evidence is read only when a column it may take weighs
         * it (a number, text, agency or time column): in the others it
         * fits as an empty cell, whatever it holds */
        bool weighed = false;
        for (size_t d = 0; d < states && !weighed; d++)
            weighed = weighs_evidence(t->c.role[i + d]);
        evidence ev = weighed ? cell_evidence(t->stage, p->cells[i]) : EV_EMPTY;
        base += fit(t->c.role[i], ev);
        for (size_t d = 0; d < states; d++) {
            int here = fit(t->c.role[i + d], ev), best = 0;
            size_t arg = 0;
            for (size_t e = 0; i && e <= d; e++) /* on a tie, the earlier cell moves */
                if (e == 0 || score[(i - 1) * states + e] >= best) {
                    best = score[(i - 1) * states + e];
                    arg = e;
                }
            score[i * states + d] = here + best;
            from[i * states + d] = (unsigned char)arg;
        }
    }
    size_t d = 0; /* on a tie, the last cell stays */
    for (size_t e = 1; e < states; e++)
        if (score[(k - 1) * states + e] > score[(k - 1) * states + d])
            d = e;
    if (score[(k - 1) * states + d] < base + SHIFT_MARGIN)
        return;
    for (size_t i = k; i-- > 0;) {
        shift[i] = d;
        d = from[i * states + d];
    }
}

/* The cells of a row, one per column: where the row has them, or put in
 * place when `align`. */
static const char **row_cells(tbuild *t, const para *p, size_t *n, bool align)
{
    size_t k = trimmed_count(p);
    size_t *shift = k ? work_buffer(t, &t->shift, k * sizeof *shift) : NULL;
    if (k && !shift)
        return NULL;
    if (k)
        memset(shift, 0, k * sizeof *shift);
    if (align && k < t->c.width)
        align_row(t, p, k, shift); /* never past the table's width */
    *n = k ? k + shift[k - 1] : 0;
    const char **v = arena_alloc(&t->tmp, (*n ? *n : 1) * sizeof *v); /* zeroed */
    if (!v)
        return NULL;
    for (size_t i = 0; i < k; i++)
        v[i + shift[i]] = p->cells[i][0] ? p->cells[i] : NULL;
    return v;
}

/* One time value under "Bắt đầu" | "Hoàn thành" spans both columns: it is
 * the deadline. */
static void spanning_time(tbuild *t, rec *r)
{
    int s = t->c.at[VNP_CELL_START], d = t->c.at[VNP_CELL_DEADLINE];
    if (s < 0 || d < 0 || !cell_at(r, s) || cell_at(r, d) || !widen(t, r, (size_t)d))
        return;
    r->cell[d] = r->cell[s];
    r->cell[s] = NULL;
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

static bool ends_sentence(const char *s)
{
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ')
        n--;
    return n && strchr(".;:!?", s[n - 1]);
}

/* Does the row only continue the cells of the record before it? A fragment
 * in lower case where that record has text is enough evidence; a number or
 * abbreviation is, after a cell that stopped mid-sentence, unless another
 * fragment opens with a capital. A cell where the record has none (its
 * first part came after the break: "Hồ sơ mục 2.3") needs the lower-case
 * evidence. */
static bool continues_record(const tbuild *t, const rec *prev, const char **v, size_t n)
{
    bool lower = false, neutral = false, capital = false, any = false, orphan = false;
    for (size_t i = 0; i < n; i++) {
        if (!v[i])
            continue;
        /* the number column opens a new record, unless it holds words that a
         * page break cut from a section title ("một cửa liên thông ...") */
        if (t->c.role[i] == VNP_CELL_NUMBER && (!starts_lower(v[i]) || !strchr(v[i], ' ')))
            return false;
        any = true;
        const char *above = cell_at(prev, (int)i);
        if (!above && !prev->section) { /* the record's cell, which the break put here */
            orphan = true;
            continue;
        }
        opening o = fragment_opening(v[i]);
        lower = lower || o == OPENS_LOWER;
        capital = capital || o == OPENS_CAPITAL;
        neutral = neutral || (o == OPENS_NEUTRAL && !ends_sentence(above ? above : ""));
    }
    /* a cell where the record has none only with the rest of a sentence */
    return any && (orphan ? lower : lower || (neutral && !capital));
}

/* The row cell whose text is s: where it stands in the row's cells
 * (NULL when it is none of them), and its line (the cells of a row are in
 * source order, so the search goes on from the last one found). */
static const char *const *cell_slot(const para *p, const char *s, size_t *from, size_t *line)
{
    for (size_t i = *from; i < p->cell_count; i++)
        if (p->cells[i] == s) {
            *from = i + 1;
            *line = para_cell_line(p, i);
            return &p->cells[i];
        }
    *line = p->line;
    return NULL;
}

static void add_slot_frag(tbuild *t, size_t col, const char *text, const char *const *slot,
                          size_t line)
{
    frag *f = push_cleared(&t->tmp, &t->frags, sizeof(frag));
    if (f) {
        f->text = text;
        f->slot = slot;
        f->col = col;
        f->line = line;
    }
}

static void add_frag(tbuild *t, size_t col, const char *text, size_t line)
{
    add_slot_frag(t, col, text, NULL, line);
}

/* add_frag() of the cell text of row p, found among its cells. */
static void add_cell_frag(tbuild *t, size_t col, const char *text, const para *p, size_t *from)
{
    size_t line;
    const char *const *slot = cell_slot(p, text, from, &line);
    add_slot_frag(t, col, text, slot, line);
}

/* A one-fragment cell on the line of the run of cells the table text
 * ends with joins that run: its text goes into the run's last entry, or a
 * new one (false: no such run, or no memory for the entry). */
static bool extend_run(tbuild *t, arena *scratch, const char *text, size_t line)
{
    size_t head = t->stage->run_head;
    if (head == SIZE_MAX)
        return false;
    table_entry *e = t->cells->items;
    uint32_t more = e[head].cell.piece_count;
    if (e[head].cell.line != line || more >= CELL_TEXT_SLICE - 1)
        return false; /* another line, a slice, or full */
    table_entry *slot = more % 2 ? &e[t->cells->count - 1] : vec_push(scratch, t->cells);
    if (!slot)
        return false;
    e = t->cells->items; /* the push may have moved them */
    slot->texts[more % 2] = text;
    e[head].cell.piece_count = more + 1;
    return true;
}

/* A one-fragment cell that stands at slot in its row's cells, on line:
 * the next of the slice the table text ends with, or a slice of its own
 * (false: no memory for the entry). */
static bool publish_slot(tbuild *t, arena *scratch, const char *const *slot, size_t line)
{
    size_t head = t->stage->run_head;
    table_entry *e = t->cells->items;
    if (head != SIZE_MAX && e[head].cell.line == line &&
        (e[head].cell.piece_count & CELL_TEXT_SLICE)) {
        uint32_t n = e[head].cell.piece_count & ~CELL_TEXT_SLICE;
        if (e[head].cell.cells + n == slot && n < CELL_TEXT_SLICE - 1) {
            e[head].cell.piece_count++;
            return true;
        }
    }
    size_t at = t->cells->count;
    cell_text *ct = push_cleared(scratch, t->cells, sizeof(table_entry));
    if (!ct)
        return false;
    ct->cells = slot;
    ct->line = (uint32_t)line;
    ct->piece_count = CELL_TEXT_SLICE | 1u;
    t->stage->run_head = at;
    return true;
}

bool table_text_next(const table_text *t, table_cursor *c, table_cell *out)
{
    if (c->head >= t->count)
        return false;
    const cell_text *h = &t->entries[c->head].cell;
    if (h->line && (h->piece_count & CELL_TEXT_SLICE)) {
        out->text = h->cells[c->k];
        out->one = (line_piece){0, h->line};
        out->pieces = &out->one;
        out->piece_count = 1;
        if (++c->k == (h->piece_count & ~CELL_TEXT_SLICE)) {
            c->head++;
            c->k = 0;
        }
        return true;
    }
    if (!h->line) { /* a cell of several fragments: its pieces follow */
        out->text = h->text;
        out->pieces = &t->entries[c->head + 1].piece;
        out->piece_count = h->piece_count;
        c->head += 1 + (size_t)h->piece_count;
        return true;
    }
    out->text = c->k ? t->entries[c->head + 1 + (c->k - 1) / 2].texts[(c->k - 1) % 2] : h->text;
    out->one = (line_piece){0, h->line};
    out->pieces = &out->one;
    out->piece_count = 1;
    if (c->k == h->piece_count) {
        c->head += 1 + ((size_t)h->piece_count + 1) / 2;
        c->k = 0;
    } else {
        c->k++;
    }
    return true;
}

/* Adds a cell, as written (before merged cells are filled in), to the
 * stage's table text, with the line each of its fragments came from: the
 * line alone for a cell of one fragment, else the pieces after it. A
 * fragment count past UINT32_MAX cannot be: each is a row of a document
 * of at most VNP_MAX_INPUT_BYTES. */
static void publish(tbuild *t, const colacc *a)
{
    arena *scratch = &t->doc->internal->scratch;
    size_t at = t->cells->count;
    bool one_line = a->count == 1 && a->line && a->line <= UINT32_MAX;
    if (one_line && a->slot && publish_slot(t, scratch, a->slot, a->line))
        return;
    if (one_line && extend_run(t, scratch, a->text, a->line))
        return;
    cell_text *ct = vec_push(scratch, t->cells);
    if (!ct)
        return;
    ct->text = a->text;
    if (one_line) {
        ct->line = (uint32_t)a->line;
        t->stage->run_head = at;
        return;
    }
    t->stage->run_head = SIZE_MAX;
    ct->piece_count = (uint32_t)a->count;
    line_piece one = {0, a->line};
    const line_piece *pieces = a->count == 1 ? &one : a->pieces;
    for (size_t k = 0; k < a->count; k++) {
        table_entry *e = vec_push(scratch, t->cells);
        if (!e) {
            t->cells->count = at; /* a cell is whole or absent */
            return;
        }
        e->piece = pieces[k];
    }
}

/* Adds a fragment to its column's text: the fragment itself when it is the
 * column's only one, else the fragments joined with spaces, each with the
 * line it came from. */
static void append_fragment(tbuild *t, colacc *a, const frag *f)
{
    struct vnp_internal *in = t->doc->internal;
    if (a->count == 1) {
        a->text = f->text;
        a->slot = f->slot;
        a->line = f->line;
        a->done = 1;
        return;
    }
    if (a->done == 0) {
        /* the fragments, a space between each two, and the NUL */
        a->buf = arena_alloc(&in->mem, a->len + (a->count - 1) + 1);
        a->pieces = arena_alloc(&t->tmp, a->count * sizeof *a->pieces);
        a->text = a->buf;
        a->line = f->line;
    }
    if (a->buf && a->pieces) {
        if (a->done)
            a->buf[a->at++] = ' ';
        a->pieces[a->done].offset = a->at;
        a->pieces[a->done].line = f->line;
        memcpy(a->buf + a->at, f->text, f->len);
        a->at += f->len;
        a->buf[a->at] = '\0';
    }
    a->done++;
}

/* The last record is complete: its cells are joined and published. Each
 * pass goes over the record's fragments once, so the time is linear in
 * them, whatever the width of the table. */
static void close_record(tbuild *t)
{
    rec *r = last_rec(t);
    frag *f = t->frags.items;
    size_t n = r ? t->frags.count : 0;
    for (size_t i = 0; i < n; i++)
        t->acc[f[i].col].count++;
    /* a column of one fragment takes its text as it is: only the
     * fragments of the others are measured, to be joined with spaces */
    for (size_t i = 0; i < n; i++) {
        colacc *a = &t->acc[f[i].col];
        if (a->count > 1) {
            f[i].len = strlen(f[i].text);
            a->len += f[i].len;
        }
    }
    for (size_t i = 0; i < n; i++)
        append_fragment(t, &t->acc[f[i].col], &f[i]);
    for (size_t i = 0; i < n; i++) {
        colacc *a = &t->acc[f[i].col];
        if (!a->count)
            continue; /* published with an earlier fragment */
        if (a->text && (a->count == 1 || a->pieces) && widen(t, r, f[i].col)) {
            if (r->section)
                r->section_title = a->text;
            else
                r->cell[f[i].col] = a->text;
            publish(t, a);
        }
        *a = (colacc){0};
    }
    t->frags.count = 0;
}

/* ---- sections ---------------------------------------------------------------- */

/* The level of a section numbering style: the order in which the table
 * first used it ("A" above "I" above "III.1" when they come in that
 * order); sections without a number share one style. */
static int section_level(tbuild *t, cell_numbering st, size_t depth)
{
    int key = st == NS_NONE ? 255 : (int)st * 16 + (int)(depth < 15 ? depth : 15);
    for (size_t i = 0; i < t->style_count; i++)
        if (t->styles[i] == key)
            return (int)i;
    if (t->style_count < SECTION_STYLES)
        t->styles[t->style_count++] = key;
    return (int)t->style_count - 1;
}

/* The numeral that opens s ("II. PHÁT TRIỂN", "III.1 Nhóm ..."), or 0. */
static size_t opening_numeral(const char *s, cell_numbering *st, size_t *depth, bool any_style)
{
    size_t w = strcspn(s, " ");
    if (w == 0 || !s[w])
        return 0;
    *st = cell_number_style(s, w, depth);
    bool ok = any_style ? *st != NS_NONE && *st != NS_BULLET : section_style(*st);
    return ok ? w : 0;
}

static rec *new_rec(tbuild *t, size_t line)
{
    rec *r = vec_push(&t->tmp, &t->recs);
    if (r)
        r->line = line;
    return r;
}

/* A section from one text: a cell spanning the table or a heading
 * paragraph between two parts of it, numbered ("II. PHÁT TRIỂN HẠ TẦNG
 * SỐ") or not ("Quy trình nội bộ tại UBND thành phố"). */
static void text_section(tbuild *t, const char *s, size_t line, bool paragraph)
{
    close_record(t);
    rec *r = new_rec(t, line);
    if (!r)
        return;
    cell_numbering st = NS_NONE;
    size_t depth = 0, w = opening_numeral(s, &st, &depth, paragraph);
    r->section = true;
    r->title_col = t->c.width > 1 ? 1 : 0;
    if (w) {
        r->section_number = arena_strndup(&t->doc->internal->mem, s, w);
        s += w + 1;
    } else {
        st = NS_NONE;
    }
    r->level = section_level(t, st, depth);
    add_frag(t, r->title_col, s, line);
}

/* A row that is a section: a number of a section style ("I", "III.1",
 * "A") with at most one text cell; or one text cell alone, spanning the
 * table (a cell block of one cell, or the number column's cell). Sets the
 * title's column. */
static bool section_row(tbuild *t, const para *p, const char **v, size_t n, size_t *title_col)
{
    const char *num = col_cell(t, &(rec){.cell = v, .n = n}, VNP_CELL_NUMBER);
    size_t depth, filled = 0, only = 0;
    for (size_t i = 0; i < n; i++)
        if (v[i] && t->c.role[i] != VNP_CELL_NUMBER) {
            filled++;
            only = i;
        }
    *title_col = filled ? only : (t->c.width > 1 ? 1 : 0);
    if (num && section_style(cell_style(t->stage, num, &depth)))
        return filled <= 1;
    bool one_cell = trimmed_count(p) == 1 && !starts_lower(p->cells[0]);
    return one_cell && cell_style(t->stage, p->cells[0], &depth) == NS_NONE;
}

/* ---- rows to records -------------------------------------------------------- */

static void join_row(tbuild *t, rec *prev, const para *p, const char **v, size_t n)
{
    /* the record is widened once, to the row's last cell: cell by cell, each
     * step a copy, a row wider than its record took time and memory
     * quadratic in its width */
    size_t last = n;
    while (last && !v[last - 1])
        last--;
    bool wide = !prev->section && last && widen(t, prev, last - 1);
    size_t from = 0;
    for (size_t i = 0; i < n; i++)
        if (v[i]) { /* a section title that a page break cut takes every fragment */
            add_cell_frag(t, prev->section ? prev->title_col : i, v[i], p, &from);
            if (wide)
                prev->cell[i] = v[i];
        }
}

static void add_row(tbuild *t, const para *p)
{
    size_t n = 0;
    const char **v = row_cells(t, p, &n, false);
    if (!v)
        return;
    rec *prev = last_rec(t);
    t->last_line = p->end_line;
    if (prev && continues_record(t, prev, v, n)) { /* fragments stay in their columns */
        join_row(t, prev, p, v, n);
        return;
    }
    if (trimmed_count(p) < t->c.width) { /* put in place; a full row stands as it is */
        v = row_cells(t, p, &n, true);
        if (!v)
            return;
    }
    size_t title_col = 0;
    if (section_row(t, p, v, n, &title_col) && !(n && !v[0] && trimmed_count(p) > 1)) {
        const char *num = col_cell(t, &(rec){.cell = v, .n = n}, VNP_CELL_NUMBER);
        size_t depth = 0;
        if (num && section_style(cell_style(t->stage, num, &depth))) {
            close_record(t);
            rec *r = new_rec(t, p->line);
            if (!r)
                return;
            r->section = true;
            r->title_col = title_col;
            r->section_number = num;
            r->level = section_level(t, cell_style(t->stage, num, &depth), depth);
            if (title_col < n && v[title_col])
                add_frag(t, title_col, v[title_col], para_cell_line(p, p->cell_count > 1 ? 1 : 0));
            return;
        }
        text_section(t, p->cells[0], p->line, false);
        return;
    }
    close_record(t);
    rec *r = new_rec(t, p->line);
    if (!r)
        return;
    r->cell = v;
    r->n = n;
    r->row = p->cells;
    r->row_n = p->cell_count;
    spanning_time(t, r); /* may move a cell: the record's cells are read after it */
    size_t from = 0;
    for (size_t i = 0; i < r->n; i++)
        if (r->cell[i])
            add_cell_frag(t, i, r->cell[i], p, &from);
}

static void add_item(tbuild *t, const item *it)
{
    if (!it->heading) {
        add_row(t, it->p);
        return;
    }
    rec *prev = last_rec(t);
    t->last_line = it->p->end_line;
    if (prev && prev->section && is_vn_lower_start(it->p->text, it->p->len))
        add_frag(t, prev->title_col, it->p->text, it->p->line);
    else
        text_section(t, it->p->text, it->p->line, true);
}

/* ---- records ------------------------------------------------------------------ */

/* Merged cells of a hierarchy of text columns (objective > task >
 * activity): a row that leaves a higher level empty but fills a lower one
 * sits under the cell above, which covers it; it takes that cell, and the
 * number with the highest level (the number belongs to it). A table of one
 * level has nothing to inherit. Never across a section row. */
static void inherit_merged(tbuild *t)
{
    static const vnp_cell_role levels[] = {VNP_CELL_OBJECTIVE, VNP_CELL_TASK, VNP_CELL_ACTIVITY};
    int top = -1;
    for (int k = 0; k < 3 && top < 0; k++)
        top = t->c.at[levels[k]] >= 0 ? k : -1;
    rec *r = t->recs.items;
    for (size_t i = 1; top >= 0 && i < t->recs.count; i++) {
        if (r[i].section || r[i - 1].section)
            continue;
        for (int k = top; k < 2; k++) {
            int at = t->c.at[levels[k]];
            bool lower = false;
            for (int j = k + 1; j < 3; j++)
                lower = lower || cell_at(&r[i], t->c.at[levels[j]]);
            if (at < 0 || cell_at(&r[i], at) || !lower || !widen(t, &r[i], (size_t)at))
                continue;
            r[i].cell[at] = cell_at(&r[i - 1], at);
            int num = t->c.at[VNP_CELL_NUMBER];
            if (k == top && num >= 0 && !cell_at(&r[i], num) && widen(t, &r[i], (size_t)num))
                r[i].cell[num] = cell_at(&r[i - 1], num);
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

/* The first n bytes of s as a string: the string a neighbour record
 * already holds when it is the same (the siblings "4.1", "4.2"... share
 * their parent "4", which is often the number of the row above), else a
 * copy. */
static const char *shared_prefix(vnp_document *doc, const char *s, size_t n,
                                 const vnp_record *near)
{
    const char *held[2] = {near ? near->parent : NULL, near ? near->number : NULL};
    for (size_t k = 0; k < 2; k++)
        if (held[k] && strlen(held[k]) == n && memcmp(held[k], s, n) == 0)
            return held[k];
    return arena_strndup(&doc->internal->mem, s, n);
}

/* "4.1" -> "4", "3.3.1." -> "3.3", "a)" -> NULL (found by position);
 * near: the last numbered record before it, whose strings it may share. */
static const char *parent_of_number(vnp_document *doc, const char *num, const vnp_record *near)
{
    size_t dot = bare_len(num);
    while (dot && num[dot - 1] != '.')
        dot--;
    return dot ? shared_prefix(doc, num, dot - 1, near) : NULL;
}

static bool is_letter_number(tstage *st, const char *num)
{
    size_t depth;
    return num && cell_style(st, num, &depth) == NS_LETTER;
}

/* Is record b numbered as a child of record a? ("4.1" of "4.") */
static bool child_of(tstage *st, const char *a, const char *b)
{
    if (!a || !b)
        return false;
    if (is_letter_number(st, b))
        return !is_letter_number(st, a);
    size_t parent = bare_len(b);
    while (parent && b[parent - 1] != '.')
        parent--;
    return parent && bare_len(a) == parent - 1 && strncmp(a, b, parent - 1) == 0;
}

static bool assigns_work(const tbuild *t, const rec *r)
{
    static const vnp_cell_role work[] = {VNP_CELL_ACTIVITY, VNP_CELL_OUTPUT, VNP_CELL_LEAD,
                                         VNP_CELL_SUPPORT, VNP_CELL_START, VNP_CELL_DEADLINE};
    for (size_t k = 0; k < sizeof work / sizeof work[0]; k++)
        if (col_cell(t, r, work[k]))
            return true;
    return false;
}

/* The cells of role `role` of r (two or more), joined with spaces (several columns of
 * one role: "Chủ trì" split over two columns). */
static const char *join_role(tbuild *t, const rec *r, vnp_cell_role role)
{
    size_t count = 0, len = 0;
    for (size_t i = 0; i < r->n; i++)
        if (r->cell[i] && t->c.role[i] == role)
            len += strlen(r->cell[i]) + (count++ ? 1 : 0);
    char *out = arena_alloc(&t->doc->internal->mem, len + 1);
    size_t at = 0;
    for (size_t i = 0; out && i < r->n; i++)
        if (r->cell[i] && t->c.role[i] == role) {
            if (at)
                out[at++] = ' ';
            memcpy(out + at, r->cell[i], strlen(r->cell[i]));
            at += strlen(r->cell[i]);
        }
    if (out)
        out[at] = '\0';
    return out;
}

/* The record's cells by role; a column that is no task field keeps its
 * own cell, by column. */
static void fill_cells(tbuild *t, const rec *r, vnp_record *out,
                       const char *cells[VNP_CELL_ROLES])
{
    /* one pass over the cells finds each role's cell; only a role of two
     * cells or more is read again, to join them */
    size_t count[VNP_CELL_ROLES] = {0};
    for (vnp_cell_role k = 0; k < VNP_CELL_ROLES; k++)
        cells[k] = NULL;
    for (size_t i = 0; i < r->n; i++)
        if (r->cell[i] && t->c.role[i] < VNP_CELL_ROLES) {
            count[t->c.role[i]]++;
            cells[t->c.role[i]] = r->cell[i];
        }
    size_t others = count[VNP_CELL_OTHER];
    cells[VNP_CELL_NUMBER] = cells[VNP_CELL_OTHER] = NULL;
    for (vnp_cell_role k = 0; k < VNP_CELL_ROLES; k++)
        if (count[k] >= 2 && k != VNP_CELL_NUMBER && k != VNP_CELL_OTHER)
            cells[k] = join_role(t, r, k);
    out->other = others ? arena_alloc(&t->doc->internal->mem, others * sizeof *out->other) : NULL;
    for (size_t i = 0; out->other && i < r->n; i++)
        if (r->cell[i] && t->c.role[i] == VNP_CELL_OTHER) {
            out->other[out->other_count].column = i + 1;
            out->other[out->other_count++].text = r->cell[i];
        }
}

static void classify(tbuild *t, const rec *r, vnp_record *out, const char *cells[VNP_CELL_ROLES],
                     const char *next_number)
{
    bool indicators = t->c.at[VNP_CELL_INDICATOR] >= 0;
    const char *text_cell = indicators ? cells[VNP_CELL_INDICATOR] : cells[VNP_CELL_TASK];
    if (indicators) {
        bool measured = cells[VNP_CELL_UNIT] || cells[VNP_CELL_VALUE];
        out->kind = measured ? VNP_RECORD_INDICATOR : VNP_RECORD_GROUP;
    } else {
        bool heading = out->number && !assigns_work(t, r) && child_of(t->stage, out->number, next_number);
        out->kind = heading ? VNP_RECORD_GROUP : VNP_RECORD_TASK;
    }
    if (out->kind == VNP_RECORD_GROUP) {
        out->title = text_cell;
        cells[indicators ? VNP_CELL_INDICATOR : VNP_CELL_TASK] = NULL;
    }
}

#define NO_RECORD ((size_t)-1)

/* The parent: by number ("4.1" under "4", "a)" under the last numbered
 * row), or, for a row without a number, the numbered row it sits under.
 * `before` is the last numbered row of r's section before it, `after` the
 * next record with a number (NO_RECORD when none): make_records keeps
 * both as it goes, so that a run of rows without numbers is not walked
 * again for each of its rows. */
static const char *find_parent(tstage *st, const vnp_record *r, const vnp_record *before,
                               const vnp_record *after)
{
    size_t depth;
    vnp_document *doc = st->doc;
    if (r->number && !is_letter_number(st, r->number) &&
        cell_style(st, r->number, &depth) != NS_STEP)
        return parent_of_number(doc, r->number, before);
    if ((r->number && !is_letter_number(st, r->number)) || !before)
        return NULL;
    if (r->number) /* a letter: under the last row numbered otherwise */
        return is_letter_number(st, before->number)
                   ? before->parent
                   : shared_prefix(doc, before->number, bare_len(before->number), before);
    /* no number: under that row when the next numbered row is its child */
    return after && child_of(st, before->number, after->number)
               ? shared_prefix(doc, before->number, bare_len(before->number), before)
               : before->parent;
}

static const char *section_label(vnp_document *doc, const rec *r)
{
    const char *title = r->section_title ? r->section_title : "";
    if (!r->section_number)
        return r->section_title;
    const char *num = strip_dot(doc, r->section_number);
    size_t n = strlen(num ? num : "") + strlen(title) + 4;
    char *s = arena_alloc(&doc->internal->mem, n);
    if (s)
        snprintf(s, n, "%s. %s", num ? num : "", title);
    return s;
}

/* The open sections, outermost first. */
typedef struct section_stack {
    int level[SECTION_STYLES];
    const char *label[SECTION_STYLES];
    const char *number[SECTION_STYLES];
    size_t depth;
} section_stack;

static void open_section(section_stack *s, int level, const char *label, const char *number)
{
    while (s->depth && s->level[s->depth - 1] >= level)
        s->depth--;
    if (s->depth == SECTION_STYLES)
        s->depth--;
    s->level[s->depth] = level;
    s->label[s->depth] = label;
    s->number[s->depth++] = number;
}

static vnp_record *make_records(tbuild *t, size_t *count)
{
    vnp_document *doc = t->doc;
    size_t n = t->recs.count;
    vnp_record *out = arena_alloc(&doc->internal->mem, (n + 1) * sizeof *out);
    /* per record, from the end: the next record with a number, and the
     * number of the next numbered row of its section (NULL when a section
     * or the end comes first) */
    size_t *after = arena_alloc(&t->tmp, (n + 1) * sizeof *after);
    const char **next = arena_alloc(&t->tmp, (n + 1) * sizeof *next);
    if (!out || !after || !next)
        return NULL;
    inherit_merged(t);
    rec *r = t->recs.items;
    for (size_t i = 0; i < n; i++) {
        out[i].seq = para_u32(i + 1);
        out[i].line = para_u32(r[i].line);
        out[i].number = r[i].section ? r[i].section_number : col_cell(t, &r[i], VNP_CELL_NUMBER);
    }
    for (size_t i = n; i-- > 0;) {
        bool last = i + 1 == n;
        after[i] = last ? NO_RECORD : out[i + 1].number ? i + 1 : after[i + 1];
        next[i] = last || r[i + 1].section ? NULL
                  : out[i + 1].number     ? out[i + 1].number
                                          : next[i + 1];
    }
    section_stack open = {.depth = 0};
    size_t numbered = NO_RECORD; /* the last numbered row of the open section */
    for (size_t i = 0; i < n; i++) {
        if (r[i].section) {
            out[i].kind = VNP_RECORD_SECTION;
            out[i].title = r[i].section_title;
            open_section(&open, r[i].level, section_label(doc, &r[i]), r[i].section_number);
            out[i].section = open.depth > 1 ? open.label[open.depth - 2] : NULL;
            out[i].parent = open.depth > 1 && open.number[open.depth - 2]
                                ? strip_dot(doc, open.number[open.depth - 2]) : NULL;
            numbered = NO_RECORD;
            continue;
        }
        const char *cells[VNP_CELL_ROLES];
        fill_cells(t, &r[i], &out[i], cells);
        classify(t, &r[i], &out[i], cells, next[i]);
        if (!record_share_cells(&doc->internal->mem, &out[i], cells, r[i].row, r[i].row_n))
            return NULL;
        out[i].section = open.depth ? open.label[open.depth - 1] : NULL;
        out[i].parent = find_parent(t->stage, &out[i], numbered == NO_RECORD ? NULL : &out[numbered],
                                    after[i] == NO_RECORD ? NULL : &out[after[i]]);
        numbered = out[i].number ? i : numbered;
    }
    *count = n;
    return out;
}

/* ---- driver ------------------------------------------------------------------- */

/* The caption: the annex the table stands in (label and caption, without
 * the "(Kèm theo ...)" line naming the parent plan), or else the text just
 * above the table. */
/* The annex that holds `line`, or NULL. The annexes come in the order of
 * their lines, each ending where the next begins (parts.c), so only the
 * last one that starts at or before the line can hold it: a binary search
 * finds it (a walk of every annex for every table was quadratic). */
static const vnp_annex *annex_at(const vnp_document *doc, size_t line)
{
    size_t lo = 0, hi = doc->annex_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (doc->annexes[mid].line <= line)
            lo = mid + 1;
        else
            hi = mid;
    }
    const vnp_annex *a = lo ? &doc->annexes[lo - 1] : NULL;
    return a && line <= a->end_line ? a : NULL;
}

static const char *table_title(vnp_document *doc, const para *paras, size_t header_para)
{
    struct vnp_internal *in = doc->internal;
    const vnp_annex *a = annex_at(doc, paras[header_para].line);
    if (!a)
        return header_para > 0 && paras[header_para - 1].kind == PARA_TEXT
                   ? paras[header_para - 1].text
                   : NULL;
    const char *cap = a->caption ? a->caption : "";
    size_t cap_len = strlen(cap);
    size_t n = strlen(a->label) + cap_len + 2;
    char *s = arena_alloc(&in->mem, n);
    if (s)
        snprintf(s, n, cap_len ? "%s %.*s" : "%s", a->label, (int)cap_len, cap);
    return s;
}

/* What the table lists: indicators, the steps of a procedure (most of its
 * numbered rows are "Bước 1", "B2"), tasks (it has a column of work), or
 * something else (a list of procedures, of forms). */
static const char *table_kind(const tbuild *t, const vnp_record *recs, size_t n)
{
    const cols *c = &t->c;
    if (c->at[VNP_CELL_INDICATOR] >= 0 || c->at[VNP_CELL_VALUE] >= 0)
        return "indicators";
    size_t numbered = 0, steps = 0, depth;
    for (size_t i = 0; recs && i < n; i++)
        if (recs[i].kind != VNP_RECORD_SECTION && recs[i].number) {
            numbered++;
            steps += cell_style(t->stage, recs[i].number, &depth) == NS_STEP;
        }
    if (steps && steps * 2 >= numbered)
        return "procedure";
    /* a column of work and one that says who does it, when or to what end:
     * "Nội dung" beside figures, norms or places lists no tasks */
    bool work = c->at[VNP_CELL_TASK] >= 0 || c->at[VNP_CELL_ACTIVITY] >= 0 ||
                c->at[VNP_CELL_OBJECTIVE] >= 0;
    bool assigned = c->at[VNP_CELL_LEAD] >= 0 || c->at[VNP_CELL_SUPPORT] >= 0 ||
                    c->at[VNP_CELL_START] >= 0 || c->at[VNP_CELL_DEADLINE] >= 0 ||
                    c->at[VNP_CELL_OUTPUT] >= 0 || c->at[VNP_CELL_ACTIVITY] >= 0;
    return work && assigned ? "tasks" : "other";
}

/* The row of a procedure that gives the total time of its steps
 * (table_totals.tsv: "Tổng thời gian giải quyết | 02 ngày 04 giờ"): it
 * has no step number, and its text opens with a total word. */
static bool is_total(vnp_document *doc, const vnp_record *r)
{
    const char *s = vnp_record_cell(r, VNP_CELL_TASK);
    return r->kind == VNP_RECORD_TASK && !r->number && s &&
           lexicon_prefix(doc->internal, "table_totals.tsv", s, strlen(s), NULL);
}

/* A procedure's steps without its totals, numbered again in order. */
static void drop_totals(vnp_document *doc, vnp_table *tb)
{
    size_t kept = 0;
    for (size_t i = 0; tb->records && i < tb->record_count; i++)
        if (!is_total(doc, &tb->records[i])) {
            tb->records[kept] = tb->records[i];
            tb->records[kept].seq = para_u32(kept + 1);
            kept++;
        }
    tb->record_count = kept;
}

static void add_table(tbuild *t, size_t header_para, vec *tables)
{
    struct vnp_internal *in = t->doc->internal;
    vnp_table *tb = vec_push(&in->mem, tables);
    if (!tb)
        return;
    tb->index = tables->count;
    tb->title = table_title(t->doc, t->paras, header_para);
    tb->line = t->first_line;
    tb->end_line = t->last_line;
    tb->column_count = t->c.width;
    tb->columns = arena_alloc(&in->mem, (t->c.width ? t->c.width : 1) * sizeof *tb->columns);
    for (size_t c = 0; tb->columns && c < t->c.width; c++) {
        tb->columns[c].header = t->c.header[c];
        tb->columns[c].role = t->c.role[c];
    }
    tb->records = make_records(t, &tb->record_count);
    tb->kind = table_kind(t, tb->records, tb->record_count);
    if (strcmp(tb->kind, "procedure") == 0)
        drop_totals(t->doc, tb);
}

/* The columns the header rows name, before the cells are read. */
static size_t header_width(tbuild *t, const para *top, const para *sub)
{
    size_t cap = top->cell_count + (sub ? sub->cell_count : 0) + 1;
    const char **head = arena_alloc(&t->tmp, cap * sizeof *head);
    vnp_cell_role *role = arena_alloc(&t->tmp, cap * sizeof *role);
    if (!head || !role)
        return top->cell_count;
    t->head_texts = head; /* set_columns() takes them */
    t->head_roles = role;
    return header_columns(t, top, sub, head, role, cap);
}

/* Reads one table from its header row at paras[i]; returns the index of
 * the first paragraph after it. */
static size_t read_table(tstage *st, const para *paras, size_t count, size_t i,
                         vec *tables, vec *cells)
{
    tbuild t = {.doc = st->doc, .stage = st, .paras = paras, .para_count = count,
                .items = {.size = sizeof(item)}, .recs = {.size = sizeof(rec)},
                .frags = {.size = sizeof(frag)}, .cells = cells};
    const para *top = &paras[i];
    const para *sub = i + 1 < count && paras[i + 1].kind == PARA_ROW &&
                              is_sub_header(st, top, &paras[i + 1])
                          ? &paras[i + 1]
                          : NULL;
    t.c.head_row = top; /* their keys are made when a row may repeat them */
    t.c.sub_row = sub;
    t.c.head_first = top->cell_count ? top->cells[0] : "";
    t.head_width = header_width(&t, top, sub);
    size_t k = gather_rows(&t, i + (sub ? 2 : 1));
    if (set_columns(&t, top, sub)) {
        t.first_line = top->line;
        t.last_line = sub ? sub->end_line : top->end_line;
        const item *it = t.items.items;
        for (size_t j = 0; j < t.items.count; j++)
            add_item(&t, &it[j]);
        close_record(&t);
        add_table(&t, i, tables);
    }
    arena_release(&t.tmp);
    return k > i ? k : i + 1;
}

/* ---- rows as the table stage reads them ------------------------------------ */

/* The header of a table that the converter ran into the end of what came
 * before it in one block of cells ("Tổng thời gian | 03 ngày | 2. Thủ tục
 * ... | TT | Trình tự | Trách nhiệm | ..."): it starts at the cell that
 * names the number column, when the cells from there make a header row,
 * those before do not, and the cell just before names no column either.
 * Returns that cell's index, or 0. Sets *header to is_header_row() of the
 * whole row: read from the same cells when none names the number column
 * (most rows), so that the stage never asks it again. */
static size_t embedded_header(tstage *st, const para *p, bool *header)
{
    bool known_before = false;
    size_t known = 0;
    for (size_t s = 0; s < p->cell_count; s++) {
        header_word w = classify_header(st, p->cells[s]);
        bool number = w.cls == HC_ROLE && w.role == VNP_CELL_NUMBER;
        if (number)
            *header = is_header_row(st, p);
        if (number && s > 0 && !known_before) {
            para head = *p, before = *p;
            head.cells += s;
            head.cell_lines = p->cell_lines ? p->cell_lines + s : NULL;
            head.cell_count -= para_u32(s);
            before.cell_count = para_u32(s);
            return is_header_row(st, &head) && !is_header_row(st, &before) ? s : 0;
        }
        if (number)
            return 0; /* a header's own number column ("STT | Thứ tự bước") */
        known_before = header_known(&w);
        known += known_before;
    }
    *header = known >= 3; /* no cell names the number column */
    return 0;
}

/* Cells [from, to) of row p as a row of their own. */
static bool row_part(arena *a, const para *p, size_t from, size_t to, para *out)
{
    *out = *p;
    out->cells = p->cells + from;
    out->cell_lines = p->cell_lines ? p->cell_lines + from : NULL;
    out->cell_count = para_u32(to - from);
    out->line = para_u32(para_cell_line(p, from));
    out->end_line = to < p->cell_count ? para_u32(para_cell_line(p, to)) : p->end_line;
    size_t len = 0;
    for (size_t c = from; c < to; c++)
        len += strlen(p->cells[c]) + 1;
    char *text = arena_alloc(a, len + 1);
    if (!text)
        return false;
    size_t at = 0;
    for (size_t c = from; c < to; c++) {
        if (c > from)
            text[at++] = '\t';
        memcpy(text + at, p->cells[c], strlen(p->cells[c]));
        at += strlen(p->cells[c]);
    }
    text[at] = '\0';
    out->text = text;
    out->len = para_u32(at);
    return true;
}

/* The paragraphs with every row that holds the end of one table and the
 * header of the next split in two; the header's part starts a block of
 * its own. A document with no such row (most) reads the paragraphs
 * themselves: a copy is made only from the first split on, sized for the
 * paragraphs and one more per split row, which are counted first. Without
 * memory for that, the paragraphs as they are. */
static const para *rows_view(tstage *st, const paragraphs_product *ps, size_t *count)
{
    arena *a = &st->view_mem; /* nothing the stage makes points into it */
    *count = ps->count;
    size_t first = ps->count, splits = 0;
    size_t *split_at = NULL; /* where each row splits (0: it does not), from `first` on */
    bool *header = arena_alloc(a, ps->count * sizeof *header), unknown;
    for (size_t i = 0; i < ps->count; i++) {
        const para *p = &ps->paras[i];
        size_t s = p->kind == PARA_ROW ? embedded_header(st, p, header ? &header[i] : &unknown) : 0;
        if (s && !split_at) {
            first = i;
            split_at = arena_alloc(a, (ps->count - i) * sizeof *split_at);
            if (!split_at)
                return ps->paras;
        }
        if (split_at)
            split_at[i - first] = s;
        splits += s != 0;
    }
    if (!splits) {
        st->header_rows = header;
        return ps->paras;
    }
    size_t n = ps->count + splits;
    para *view = arena_alloc(a, n * sizeof *view);
    bool *view_header = arena_alloc(a, n * sizeof *view_header);
    if (!view)
        return ps->paras;
    memcpy(view, ps->paras, first * sizeof *view);
    if (header && view_header)
        memcpy(view_header, header, first * sizeof *view_header);
    size_t at = first;
    for (size_t i = first; i < ps->count; i++) {
        const para *p = &ps->paras[i];
        size_t s = split_at[i - first];
        if (!s) {
            if (header && view_header)
                view_header[at] = header[i];
            view[at++] = *p;
            continue;
        }
        para *head = &view[at++], *tail = &view[at++];
        if (!row_part(a, p, 0, s, head) || !row_part(a, p, s, p->cell_count, tail))
            return ps->paras;
        tail->after_row = false;
        tail->lone_pipes = 0;
        tail->opens_table = true;
        if (header && view_header) {
            view_header[at - 2] = is_header_row(st, head);
            view_header[at - 1] = is_header_row(st, tail);
        }
    }
    st->header_rows = header ? view_header : NULL;
    *count = n;
    return view;
}

vnp_status tables_extract(vnp_document *doc, const paragraphs_product *paragraphs,
                          table_text *text)
{
    vec tables = {.size = sizeof(vnp_table)}, cells = {.size = sizeof(table_entry)};
    tstage st_ = {.doc = doc, .run_head = SIZE_MAX}, *st = &st_;
    for (size_t i = 0; i < paragraphs->count; i++)
        if (paragraphs->paras[i].kind == PARA_ROW)
            st->cells += paragraphs->paras[i].cell_count;
    size_t count = 0;
    const para *paras = rows_view(st, paragraphs, &count);
    for (size_t i = 0; i < count;) {
        const para *p = &paras[i];
        if (p->kind == PARA_ROW && row_is_header(st, paras, i))
            i = read_table(st, paras, count, i, &tables, &cells);
        else
            i++;
    }
    memo_free(st);
    vec_shrink(&doc->internal->scratch, &cells); /* held until the reference stage is done */
    doc->tables = tables.items;
    doc->table_count = tables.count;
    text->entries = cells.items;
    text->count = cells.count;
    return stage_status(doc);
}
