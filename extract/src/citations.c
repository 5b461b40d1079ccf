/* Citation stage: group the mentions of one document into a cited
 * document, and check what the mentions say.
 *
 * Vietnamese drafting rules cite a document in full once and by type and
 * number afterwards, so mentions with the same type, number, year and
 * symbol are one document; a later mention without a date takes the date
 * of the full one in the cited document (the mention itself keeps what it
 * says). The checks report what a reader would flag: impossible dates, a
 * year in the symbol that disagrees with the date, a type word that
 * disagrees with the type code, an issuer that disagrees with the issuer
 * code, a National Assembly term that does not fit the year, one document
 * cited with two dates or issuers, a document dated after the citing one,
 * and symbols that had to be repaired. */
#include "internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The year of a law cited by name, from its date or a year after its
 * name ("Luật Tổ chức Chính phủ năm 2025"): two laws of one name, the
 * one a later one replaced and the later one, differ by it. 0 when the
 * mention gives none, or for a numbered document. */
static int law_year(const vnp_reference *r)
{
    if (r->number)
        return 0;
    if (r->date.year)
        return r->date.year;
    size_t n = r->text ? strlen(r->text) : 0;
    const char *y = n >= 5 ? r->text + n - 4 : NULL;
    if (!y || y[-1] != ' ' || strspn(y, "0123456789") != 4)
        return 0;
    int v = atoi(y);
    return v >= 1900 && v <= 2200 ? v : 0;
}

/* A key's text, made of parts in a buffer of cap bytes and cut at cap - 1
 * bytes, so that a long title gives the same key wherever it is made. */
typedef struct key_text {
    char *buf;
    size_t cap, len;
} key_text;

static key_text key_text_in(char *buf, size_t cap)
{
    buf[0] = '\0';
    return (key_text){buf, cap, 0};
}

static void kt_put(key_text *k, const char *s, size_t n)
{
    size_t room = k->cap - 1 - k->len;
    n = n < room ? n : room;
    memcpy(k->buf + k->len, s, n);
    k->len += n;
    k->buf[k->len] = '\0';
}

static void kt_puts(key_text *k, const char *s)
{
    if (s) /* NULL only when memory ran out, which the document reports */
        kt_put(k, s, strlen(s));
}

static void kt_int(key_text *k, int v)
{
    char digits[16];
    size_t i = sizeof digits;
    unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
    do
        digits[--i] = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0)
        digits[--i] = '-';
    kt_put(k, digits + i, sizeof digits - i);
}

/* "TYPE TITLE": a law by its name. */
static void kt_type_title(key_text *k, const vnp_reference *r)
{
    kt_puts(k, r->type);
    kt_put(k, " ", 1);
    kt_puts(k, r->title ? r->title : "");
}

/* A readable identity, the way the document is cited in full:
 * "76/NQ-CP", "118/2025/NĐ-CP", "57-NQ/TW", "Nghị định 60/2021", or a
 * law's name, with its year when the mention gives one ("Luật Đất đai
 * năm 2024"). */
static const char *mention_key(vnp_document *doc, const vnp_reference *r)
{
    char buf[600];
    key_text k = key_text_in(buf, sizeof buf);
    if (!r->number) {
        kt_type_title(&k, r);
        int year = law_year(r);
        if (year) {
            kt_puts(&k, " năm ");
            kt_int(&k, year);
        }
    } else if (!r->symbol) {
        kt_puts(&k, r->type);
        kt_put(&k, " ", 1);
        kt_puts(&k, r->number);
        kt_put(&k, "/", 1);
        kt_int(&k, r->year);
    } else {
        kt_puts(&k, r->number);
        bool party = strchr(r->symbol, '/') && !r->year; /* "57-NQ/TW" */
        kt_put(&k, party ? "-" : "/", 1);
        if (r->year) {
            kt_int(&k, r->year);
            kt_put(&k, "/", 1);
        }
        kt_puts(&k, r->symbol);
    }
    return arena_strndup(&doc->internal->mem, buf, k.len);
}

/* Look-ups of the cited documents by a text key, giving the index + 1 of
 * a document (0: none yet), hashed so that grouping the mentions stays
 * linear in their number. A key put twice keeps its first document. */
static size_t index_get(const hashmap *x, const char *k)
{
    const size_t *at = k ? hashmap_get(x, k, strlen(k)) : NULL;
    return at ? *at : 0;
}

/* k must outlive the index (it lives in the document's arena); false
 * when memory ran out. */
static bool index_put(hashmap *x, const char *k, size_t value)
{
    if (!k)
        return true;
    bool added;
    size_t *v = hashmap_put(x, k, strlen(k), &added);
    if (v && added)
        *v = value;
    return v != NULL;
}

/* The match key of a text, in the arena: case and tone placement do not
 * part two spellings of one document ("LUẬT AN NINH MẠNG"). */
static const char *arena_key(vnp_document *doc, const char *text)
{
    return arena_match_key(&doc->internal->mem, text, strlen(text));
}

/* A short form ("Nghị định 111/2025" after "Nghị định số 111/2025/NĐ-CP")
 * names the document cited in full with the same type and number, and
 * the same year when it gives one: the keys of that look-up. */
static const char *full_form_key(vnp_document *doc, const char *type, const char *number, int year)
{
    char buf[300];
    key_text k = key_text_in(buf, sizeof buf);
    kt_puts(&k, type);
    kt_put(&k, "\x1f", 1);
    kt_puts(&k, number);
    kt_put(&k, "\x1f", 1);
    if (year)
        kt_int(&k, year);
    else
        kt_put(&k, "*", 1);
    return arena_match_key(&doc->internal->mem, buf, k.len);
}

/* The keys of a mention with a symbol (mention_key and its match key),
 * kept by the symbol's copy, which the mentions of one document share,
 * with the number and year they were made of. */
#define KEY_MEMO 16 /* a power of two */
typedef struct symbol_keys {
    const char *symbol, *number; /* symbol NULL: none */
    int year;
    const char *key, *match;
} symbol_keys;

/* law_name_key() of a type word and a title, by their text: a law is
 * cited by its name again and again. */
typedef struct name_keys {
    const char *type, *title; /* type NULL: none */
    const char *key;
} name_keys;

typedef struct cited_index {
    hashmap by_key;  /* the match key of a document's key */
    hashmap by_form; /* type, number and year of documents cited with a symbol */
    size_t forms_put; /* the cited documents whose forms by_form holds */
    symbol_keys keys[KEY_MEMO];
    name_keys names[KEY_MEMO];
} cited_index;

static symbol_keys *keys_slot(cited_index *ix, const char *symbol)
{
    return &ix->keys[((uintptr_t)symbol >> 3) & (KEY_MEMO - 1)];
}

/* mention_key() and its match key, made once for the mentions that give
 * one number, year and symbol (a mention's key is made of those alone
 * when it has a number and a symbol). */
static void mention_keys(vnp_document *doc, cited_index *ix, const vnp_reference *r,
                         const char **key, const char **match)
{
    symbol_keys *k = r->number && r->symbol ? keys_slot(ix, r->symbol) : NULL;
    if (k && k->symbol == r->symbol && k->year == r->year && strcmp(k->number, r->number) == 0) {
        *key = k->key;
        *match = k->match;
        return;
    }
    *key = mention_key(doc, r);
    *match = *key ? arena_key(doc, *key) : NULL;
    if (k && *key && *match)
        *k = (symbol_keys){r->symbol, r->number, r->year, *key, *match};
}

/* The keys of full_form_key() of a type and number with the year and
 * with none, into with_year and any_year. A key is made left to right,
 * and the separator before the year is ASCII punctuation, which ends a
 * syllable and joins nothing after it: so each key is the key of the text
 * before the year, then the year's digits or "*", as written; the text
 * before it is keyed once. Keyed whole, as full_form_key() does, when
 * either text would be cut. */
static void form_keys(vnp_document *doc, const char *type, const char *number, int year,
                      const char **with_year, const char **any_year)
{
    char buf[300];
    key_text k = key_text_in(buf, sizeof buf);
    kt_puts(&k, type);
    kt_put(&k, "\x1f", 1);
    kt_puts(&k, number);
    kt_put(&k, "\x1f", 1);
    size_t before = k.len;
    if (year)
        kt_int(&k, year);
    else
        kt_put(&k, "*", 1);
    arena *a = &doc->internal->mem;
    if (k.len + 16 >= sizeof buf) { /* perhaps cut: each key made whole */
        *with_year = full_form_key(doc, type, number, year);
        *any_year = full_form_key(doc, type, number, 0);
        return;
    }
    char head[300 * 4 + 8], *allocated = NULL; /* the key of buf[0..before) */
    const char *kp = match_key_in(buf, before, head, sizeof head, &allocated);
    size_t kn = kp ? strlen(kp) : 0, yn = k.len - before;
    char *w = kp ? arena_alloc(a, kn + yn + 1) : NULL, *any = kp ? arena_alloc(a, kn + 2) : NULL;
    if (w) {
        memcpy(w, kp, kn);
        memcpy(w + kn, buf + before, yn + 1);
    }
    if (any) {
        memcpy(any, kp, kn);
        memcpy(any + kn, "*", 2);
    }
    mem_free(allocated);
    *with_year = w;
    *any_year = any;
}

/* The forms of the documents cited with a symbol go into by_form when
 * by_form is next read or written, in the order the documents came: the
 * map is the same at each use as when each was put at once, and a
 * document whose forms no later mention asks for (most of them) costs no
 * keys. False when memory ran out. */
static bool put_forms(vnp_document *doc, const vec *cited, cited_index *ix)
{
    const vnp_cited_document *c = cited->items;
    for (; ix->forms_put < cited->count; ix->forms_put++) {
        size_t i = ix->forms_put;
        const char *with_year = NULL, *any_year = NULL;
        if (c[i].symbol && c[i].number)
            form_keys(doc, c[i].type, c[i].number, c[i].year, &with_year, &any_year);
        if (c[i].symbol && c[i].number &&
            !(index_put(&ix->by_form, with_year, i + 1) &&
              index_put(&ix->by_form, any_year, i + 1))) {
            vnp_alloc_failed = true; /* the parse fails as out of memory */
            return false;
        }
    }
    return true;
}

static bool same_text(const char *a, const char *b)
{
    /* a mention repeats its issuer as written, which needs no keys */
    return strcmp(a, b) == 0 || same_match_key(a, strlen(a), b, strlen(b));
}

static void merge_mention(vnp_document *doc, vnp_cited_document *c, vnp_reference *r)
{
    if (r->date.day && c->date.day &&
        (r->date.year != c->date.year || r->date.month != c->date.month ||
         r->date.day != c->date.day))
        diag_add(doc, VNP_SEV_WARNING, VNP_DIAG_CONFLICTING_DATE, r->line,
                 "%s is cited with two dates: %s and %s", r->text, c->date.text, r->date.text);
    else if (r->date.day && !c->date.day)
        c->date = r->date;
    /* issuers are written many ways ("UBND tỉnh", "Ủy ban nhân dân tỉnh"):
     * only a different body of the same kind of words is a conflict */
    if (r->issuer && c->issuer && !same_text(r->issuer, c->issuer) &&
        !strstr(r->issuer, c->issuer) && !strstr(c->issuer, r->issuer))
        diag_add(doc, VNP_SEV_NOTE, VNP_DIAG_CONFLICTING_ISSUER, r->line,
                 "%s is cited with two issuers: '%s' and '%s'", r->text, c->issuer, r->issuer);
    else if (r->issuer && !c->issuer)
        c->issuer = r->issuer;
    if (r->title && !c->title)
        c->title = r->title;
    c->roles |= 1u << r->role;
}

/* The growable mention list of cited document i. */
static vec *mentions_of(vnp_document *doc, size_t i)
{
    struct vnp_internal *in = doc->internal;
    while (in->mention_vecs.count <= i) {
        vec *v = vec_push(&in->mem, &in->mention_vecs);
        if (!v)
            return NULL;
        v->size = sizeof(size_t);
    }
    return (vec *)in->mention_vecs.items + i;
}

/* The look-up of the laws of one name, cited with a year or without
 * (in by_form, apart from the forms by its separator). */
static const char *law_name_key(vnp_document *doc, const vnp_reference *r)
{
    char buf[600];
    key_text k = key_text_in(buf, sizeof buf);
    kt_type_title(&k, r);
    kt_puts(&k, "\x1flaw");
    return arena_match_key(&doc->internal->mem, buf, k.len);
}

/* law_name_key(), made once for the mentions of one type word and title
 * (the texts are the mention's, in the document's arena). */
static const char *kept_law_name_key(vnp_document *doc, cited_index *ix, const vnp_reference *r)
{
    const char *type = r->type ? r->type : "", *title = r->title ? r->title : "";
    size_t n = strlen(title);
    size_t h = n * 7 + (n ? (unsigned char)title[0] + (unsigned char)title[n - 1] * 3 : 0) +
               (unsigned char)type[0] * 5;
    name_keys *k = &ix->names[h & (KEY_MEMO - 1)];
    if (k->type && strcmp(k->title, title) == 0 && strcmp(k->type, type) == 0)
        return k->key;
    const char *key = law_name_key(doc, r);
    if (key)
        *k = (name_keys){type, title, key};
    return key;
}

/* The cited law that a mention of a law by name joins: the law of its
 * name cited with its number before ("Luật Đất đai số 31/2024/QH15"),
 * when the mention gives no other year; else, a mention without a year
 * joins the first law of its name, and one with a year a law of its name
 * cited without one so far, which takes that year's key. 0 when none. */
static size_t law_of_name(vnp_document *doc, vec *cited, cited_index *ix, const vnp_reference *r,
                          const char *key, const char *match, const char **name_key)
{
    if (r->number || !put_forms(doc, cited, ix))
        return 0;
    *name_key = kept_law_name_key(doc, ix, r); /* kept: a law of a new name is put by it */
    size_t at = index_get(&ix->by_form, *name_key);
    vnp_cited_document *c = at ? (vnp_cited_document *)cited->items + (at - 1) : NULL;
    if (c && c->number) /* cited with its number before: of its year, or of none said */
        return !law_year(r) || law_year(r) == c->year ? at : 0;
    if (!at || !law_year(r))
        return at;
    char plain[600];
    key_text k = key_text_in(plain, sizeof plain);
    kt_type_title(&k, r);
    if (strcmp(c->key, plain) != 0 && !same_match_key(c->key, strlen(c->key), plain, k.len))
        return 0; /* a law of another year */
    c->key = key;
    return index_put(&ix->by_key, match, at) ? at : 0;
}

static bool add_cited(vnp_document *doc, vec *cited, cited_index *ix, vnp_reference *r,
                      size_t ri)
{
    arena *a = &doc->internal->mem;
    const char *key, *match;
    mention_keys(doc, ix, r, &key, &match);
    size_t at = index_get(&ix->by_key, match);
    if (!at && !r->symbol && r->number && put_forms(doc, cited, ix))
        at = index_get(&ix->by_form, full_form_key(doc, r->type, r->number, r->year));
    const char *name_key = NULL; /* law_name_key(doc, r), once made */
    if (!at && key && match)
        at = law_of_name(doc, cited, ix, r, key, match, &name_key);
    if (!at) {
        vnp_cited_document *c = vec_push(a, cited);
        if (!c || !key)
            return false;
        c->key = key;
        c->type = r->type;
        c->type_code = r->type_code;
        c->number = r->number;
        c->year = r->year;
        c->symbol = r->symbol;
        at = cited->count;
        bool kept = index_put(&ix->by_key, match, at);
        /* a law by its name, or with its number and name ("Luật Điện lực
         * số 61/2024/QH15"): the name finds it */
        if (!r->number || (r->title && !r->type_code && r->year))
            kept = kept && put_forms(doc, cited, ix) &&
                   index_put(&ix->by_form, name_key ? name_key : kept_law_name_key(doc, ix, r), at);
        if (!kept)
            return false;
    }
    vnp_cited_document *c = (vnp_cited_document *)cited->items + (at - 1);
    merge_mention(doc, c, r);
    /* the mention lists grow by doubling (in mention_vecs, one per cited
     * document), so a document cited thousands of times stays linear */
    vec *mv = mentions_of(doc, at - 1);
    size_t *m = mv ? vec_push(a, mv) : NULL;
    if (!m)
        return false;
    *m = ri;
    c->mentions = mv->items;
    c->mention_count = mv->count;
    r->cited = at;
    return true;
}

/* ---- checks -------------------------------------------------------------- */

/* The code standing for the issuer in a symbol: "CP" in NĐ-CP, "TW" in
 * NQ/TW, "QH" in QH15, "UBND" in QĐ-UBND; NULL when there is none. */
static size_t issuer_code(const char *sym, const char **code)
{
    const char *sep = strpbrk(sym, "-/");
    const char *c = sep ? sep + 1 : sym;
    size_t n = strcspn(c, "-/");
    while (!sep && n > 0 && c[n - 1] >= '0' && c[n - 1] <= '9')
        n--; /* QH15: the term number follows the code */
    *code = c;
    return n;
}

/* The names of issuers.tsv, keyed: the built-in file's once per process
 * (cache.c: every document reads them, none changes them), a caller's own
 * file once per document. */
typedef struct issuer_name {
    const char *code;
    const char *key;
    size_t key_len;
} issuer_name;

/* Where the keyed names go: a document's arena, or the shared set's. */
typedef struct name_sink {
    arena *mem;
    vec *names;
    bool failed; /* a key could not be made */
} name_sink;

static bool add_issuer_name(const char *code, const char *rest, void *ctx)
{
    name_sink *sink = ctx;
    size_t name_len = strcspn(rest, "\t"); /* the family column follows */
    issuer_name *e = vec_push(sink->mem, sink->names);
    const char *k = e ? arena_match_key(sink->mem, rest, name_len) : NULL;
    sink->failed = sink->failed || !k;
    if (k) {
        e->code = code;
        e->key = k;
        e->key_len = strlen(k);
    }
    return false;
}

/* The shared set: its names, and the arena that holds them and their
 * codes (copied: the set must not lean on another cache item). */
typedef struct shared_issuer_names {
    arena mem;
    vec names;
} shared_issuer_names;

static void free_shared_names(void *p)
{
    shared_issuer_names *set = p;
    arena_release(&set->mem);
    free(set);
}

static size_t name_len(const issuer_name *e) { return e->key ? e->key_len : 0; }

/* The names longest first, names of one length in file order (a stable
 * insertion sort: there are a few dozen), so that the first name found in
 * an issuer is the one issuer_name_in() wants. */
static void longest_first(vec *names)
{
    issuer_name *e = names->items;
    for (size_t i = 1; i < names->count; i++) {
        issuer_name x = e[i];
        size_t j = i;
        for (; j > 0 && name_len(&e[j - 1]) < name_len(&x); j--)
            e[j] = e[j - 1];
        e[j] = x;
    }
}

static void *key_shared_names(void *ctx)
{
    struct vnp_internal *in = ctx; /* its built-in issuers.tsv is already loaded */
    shared_issuer_names *set = malloc(sizeof *set);
    if (!set) {
        vnp_alloc_failed = true;
        return NULL;
    }
    *set = (shared_issuer_names){.names = {.size = sizeof(issuer_name)}};
    name_sink sink = {&set->mem, &set->names, false};
    lexicon_each(in, "issuers.tsv", add_issuer_name, &sink);
    issuer_name *e = set->names.items;
    for (size_t i = 0; i < set->names.count; i++)
        e[i].code = arena_strdup(&set->mem, e[i].code);
    if (sink.failed || set->mem.failed) {
        free_shared_names(set);
        vnp_alloc_failed = true; /* the parse reports it as out of memory */
        return NULL;
    }
    longest_first(&set->names);
    return set;
}

/* A row function that notes a first row and stops there. */
static bool note_a_row(const char *word, const char *value, void *ctx)
{
    (void)word, (void)value;
    *(bool *)ctx = true;
    return true;
}

static const vec *issuer_names(vnp_document *doc)
{
    struct vnp_internal *in = doc->internal;
    if (in->issuer_names.size)
        return &in->issuer_names;
    size_t len, builtin_len;
    const char *text = grammar_text(in, "issuers.tsv", &len);
    if (text && text == lexicon_text("issuers.tsv", &builtin_len)) {
        /* loaded here, with the document's allocator: the make below runs
         * with the C library's and must not grow the document's arena */
        bool loaded = false;
        lexicon_each(in, "issuers.tsv", note_a_row, &loaded);
        const shared_issuer_names *set =
            loaded ? cache_get(text, key_shared_names, free_shared_names, in) : NULL;
        in->issuer_names = set ? set->names : (vec){.size = sizeof(issuer_name)};
        return &in->issuer_names;
    }
    in->issuer_names.size = sizeof(issuer_name);
    name_sink sink = {&in->mem, &in->issuer_names, false};
    lexicon_each(in, "issuers.tsv", add_issuer_name, &sink);
    longest_first(&in->issuer_names);
    return &in->issuer_names;
}

/* Which issuer code the issuer's name stands for: the code whose name is
 * the longest one found in it ("Thủ tướng Chính phủ" is TTg, not CP), the
 * first in the file of those as long; the name's index + 1 in names
 * (longest first: the first found), 0 for none. */
static size_t issuer_name_in(const vec *names, const char *issuer, size_t len)
{
    const issuer_name *e = names->items;
    char buf[256], *heap;
    const char *ik = match_key_in(issuer, len, buf, sizeof buf, &heap);
    size_t best = 0, ik_len = ik ? strlen(ik) : 0;
    for (size_t i = 0; ik && i < names->count && !best; i++)
        if (name_len(&e[i]) > 0 && e[i].key_len <= ik_len && strstr(ik, e[i].key))
            best = i + 1;
    mem_free(heap);
    return best;
}

/* code_of_issuer's answers by the issuer as written: a document names a
 * few issuers, each many times. */
typedef struct issuer_memo {
    hashmap by_text; /* the issuer's bytes (in the document's arena) -> name index + 1, or 0 */
} issuer_memo;

static const char *code_of_issuer(vnp_document *doc, issuer_memo *memo, const char *issuer)
{
    const vec *names = issuer_names(doc);
    size_t len = strlen(issuer);
    const size_t *known = hashmap_get(&memo->by_text, issuer, len);
    size_t at = known ? *known : issuer_name_in(names, issuer, len);
    bool added;
    size_t *slot = known ? NULL : hashmap_put(&memo->by_text, issuer, len, &added);
    if (slot) /* out of memory: asked again next time */
        *slot = at;
    return at ? ((const issuer_name *)names->items)[at - 1].code : NULL;
}

static void check_issuer(vnp_document *doc, issuer_memo *memo, const vnp_reference *r)
{
    if (!r->issuer || !r->symbol)
        return;
    const char *code;
    size_t n = issuer_code(r->symbol, &code);
    const char *named = code_of_issuer(doc, memo, r->issuer);
    if (!named || n == 0)
        return;
    /* the look-up only when the codes differ: most symbols agree with their issuer */
    if ((strlen(named) != n || strncmp(named, code, n) != 0) &&
        lexicon_lookup(doc->internal, "issuers.tsv", code, n))
        diag_add(doc, VNP_SEV_WARNING, VNP_DIAG_ISSUER_MISMATCH, r->line,
                 "%s: the symbol names issuer %.*s but the text says '%s'", r->text, (int)n, code,
                 r->issuer);
}

/* What the checks read of a symbol, kept by its address: the mentions of
 * one document share the symbol's copy (the reader keeps its readings by
 * text), and a copy in the document's arena is never another text. */
#define SYMBOL_MEMO 16 /* a power of two */
typedef struct symbol_facts {
    const char *symbol; /* NULL: none */
    bool type_told, is_type;   /* its type code is one of doctypes.tsv */
    bool term_told, assembly;  /* it opens with the assembly's code, of code_len bytes */
    size_t code_len;
} symbol_facts;

static symbol_facts *facts_of(symbol_facts *memo, const char *symbol)
{
    symbol_facts *f = &memo[((uintptr_t)symbol >> 3) & (SYMBOL_MEMO - 1)];
    if (f->symbol != symbol)
        *f = (symbol_facts){.symbol = symbol};
    return f;
}

static void check_type_code(vnp_document *doc, symbol_facts *memo, const vnp_reference *r)
{
    if (!r->type_code || !r->symbol)
        return;
    size_t n = strcspn(r->symbol, "-/");
    if (!strpbrk(r->symbol, "-/"))
        return;
    symbol_facts *f = facts_of(memo, r->symbol);
    if (!f->type_told) {
        f->is_type = lexicon_has_value(doc->internal, "doctypes.tsv", r->symbol, n);
        f->type_told = true;
    }
    bool is_type = f->is_type;
    if (is_type && (strlen(r->type_code) != n || strncmp(r->type_code, r->symbol, n) != 0))
        diag_add(doc, VNP_SEV_WARNING, VNP_DIAG_TYPE_CODE_MISMATCH, r->line,
                 "%s: the type word is %s (%s) but the symbol says %.*s", r->text, r->type,
                 r->type_code, (int)n, r->symbol);
}

/* The years of the n-th National Assembly (khóa): QH15 sat 2021-2026.
 * Its code is the "assembly" word of ref_connectives.tsv. */
static void check_term(vnp_document *doc, symbol_facts *memo, const vnp_reference *r)
{
    if (!r->symbol)
        return;
    symbol_facts *f = facts_of(memo, r->symbol);
    if (!f->term_told) {
        word_hit code;
        f->assembly = listed_word_opens(doc->internal, "ref_connectives.tsv", "assembly",
                                        r->symbol, strlen(r->symbol), &code);
        f->code_len = f->assembly ? code.len : 0;
        f->term_told = true;
    }
    if (!f->assembly)
        return;
    int term = atoi(r->symbol + f->code_len);
    int year = r->year >= 1000 ? r->year : r->date.year;
    if (term < 1 || !year)
        return;
    int from = term >= 13 ? 2011 + 5 * (term - 13) : 2007 - 5 * (12 - term);
    if (year < from || year > from + 5)
        diag_add(doc, VNP_SEV_WARNING, VNP_DIAG_TERM_MISMATCH, r->line,
                 "%s: the %d%s National Assembly sat %d-%d, not in %d", r->text, term,
                 term == 1 ? "st" : term == 2 ? "nd" : term == 3 ? "rd" : "th", from, from + 5,
                 year);
}

static long date_value(int y, int m, int d) { return (long)y * 10000 + m * 100 + d; }

static void check_reference(vnp_document *doc, issuer_memo *memo, symbol_facts *symbols,
                            const vnp_reference *r)
{
    if (r->year && r->year < 1000)
        diag_add(doc, VNP_SEV_WARNING, VNP_DIAG_MALFORMED_YEAR, r->line,
                 "%s: the year in the symbol, %d, has %s digits", r->text, r->year,
                 r->year < 100 ? "two" : "three");
    else if (r->year && r->date.year && r->year != r->date.year)
        diag_add(doc, VNP_SEV_WARNING, VNP_DIAG_YEAR_MISMATCH, r->line,
                 "%s: the symbol says %d but the date says %d", r->text, r->year, r->date.year);
    if (r->symbol_raw)
        diag_add(doc, VNP_SEV_NOTE, VNP_DIAG_SYMBOL_REPAIRED, r->line,
                 "symbol '%s' read as '%s'", r->symbol_raw, r->symbol);
    check_type_code(doc, symbols, r);
    check_issuer(doc, memo, r);
    check_term(doc, symbols, r);
    const vnp_date *own = &doc->date;
    if (r->date.day && own->year) {
        long limit = date_value(own->year, own->month ? own->month : 12, own->day ? own->day : 31);
        if (date_value(r->date.year, r->date.month, r->date.day) > limit)
            diag_add(doc, VNP_SEV_WARNING, VNP_DIAG_CITED_AFTER_DOCUMENT, r->line,
                     "%s is dated after this document (%s)", r->text,
                     own->text ? own->text : "its date");
    }
}

vnp_status citations_resolve(vnp_document *doc)
{
    vec cited = {.size = sizeof(vnp_cited_document)};
    cited_index ix;
    memset(&ix, 0, sizeof ix);
    issuer_memo memo = {{0}};
    symbol_facts symbols[SYMBOL_MEMO];
    memset(symbols, 0, sizeof symbols);
    doc->internal->mention_vecs = (vec){.size = sizeof(vec)};
    bool kept = true;
    for (size_t i = 0; i < doc->reference_count && kept; i++) {
        check_reference(doc, &memo, symbols, &doc->references[i]);
        kept = add_cited(doc, &cited, &ix, &doc->references[i], i);
    }
    hashmap_free(&ix.by_key);
    hashmap_free(&ix.by_form);
    hashmap_free(&memo.by_text);
    if (!kept) {
        vnp_alloc_failed = true;
        return VNP_ERR_NOMEM;
    }
    doc->cited_documents = cited.items;
    doc->cited_document_count = cited.count;
    return stage_status(doc);
}
