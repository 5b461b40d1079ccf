/* Akoma Ntoso writer: the document as OASIS LegalDocML Akoma Ntoso 3.0,
 * valid against schema/akn/akomantoso30.xsd. The FRBR IRIs follow the
 * scheme of docs/akn.md, made from the document's own type, issuer, date
 * and number; the preamble's legal bases become citations with a ref to
 * each cited document, the outline hierarchical containers, the annexes
 * attachments holding their tables. Written through xml_out.c. */
#include "akn.h"
#include "xml_out.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define AKN_NAMESPACE "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
#define AKN_LANGUAGE "vie" /* ISO 639-2, as Akoma Ntoso IRIs write languages */
#define SLUG_NAME_MAX 80   /* bytes of a name or title in an IRI */
#define SLUG_ACTOR_MAX 40  /* bytes of an issuer spelled out in an IRI */

/* ---- slugs ----------------------------------------------------------- */

/* Sets b's length to len (<= its length), the NUL after it. */
static void sb_cut(strbuf *b, size_t len)
{
    b->len = len;
    if (b->data)
        b->data[len] = '\0';
}

/* A code point's letters for a slug: its decomposition without marks,
 * folded to lower case; how many (0 when it has none), at most 16. */
static utf8proc_ssize_t slug_parts(int32_t cp, utf8proc_int32_t parts[16])
{
    if (cp < 0x80) { /* ASCII decomposes to itself, and folds so too but for the capitals */
        parts[0] = cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp;
        return 1;
    }
    utf8proc_ssize_t n = utf8proc_decompose_char(
        cp, parts, 16, UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD, NULL);
    return n < 0 || n > 16 ? 0 : n;
}

/* The Latin letters with marks (U+00C0 to U+024F) and Vietnamese's own
 * (U+1E00 to U+1EFF), nearly every letter of a Vietnamese name: the one
 * ASCII letter or digit each comes to, 0 for one that comes to anything
 * else. Made once from the decompositions, so that a slug needs none. */
#define SLUG_LATIN_FIRST 0xC0
#define SLUG_LATIN_END 0x250
#define SLUG_VIET_FIRST 0x1E00
#define SLUG_VIET_END 0x1F00
static unsigned char slug_latin[SLUG_LATIN_END - SLUG_LATIN_FIRST];
static unsigned char slug_viet[SLUG_VIET_END - SLUG_VIET_FIRST];
static pthread_once_t slug_letters_once = PTHREAD_ONCE_INIT;

static bool is_slug_char(int32_t c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

static unsigned char single_slug_letter(int32_t cp)
{
    utf8proc_int32_t parts[16];
    if (slug_parts(cp, parts) != 1)
        return 0;
    int32_t c = parts[0] == 0x111 ? 'd' : parts[0]; /* đ has no decomposition */
    return is_slug_char(c) ? (unsigned char)c : 0;
}

static void make_slug_letters(void)
{
    for (int32_t cp = SLUG_LATIN_FIRST; cp < SLUG_LATIN_END; cp++)
        slug_latin[cp - SLUG_LATIN_FIRST] = single_slug_letter(cp);
    for (int32_t cp = SLUG_VIET_FIRST; cp < SLUG_VIET_END; cp++)
        slug_viet[cp - SLUG_VIET_FIRST] = single_slug_letter(cp);
}

/* The one letter cp comes to in a slug, from the tables; 0 when it is not
 * in them or comes to something else. */
static unsigned char known_slug_letter(int32_t cp)
{
    if (cp >= SLUG_LATIN_FIRST && cp < SLUG_LATIN_END)
        return slug_latin[cp - SLUG_LATIN_FIRST];
    if (cp >= SLUG_VIET_FIRST && cp < SLUG_VIET_END)
        return slug_viet[cp - SLUG_VIET_FIRST];
    return 0;
}

/* One code point of a slug: its letters without marks, in lower case; any
 * other character a '-' before the next letter of the slug begun at start. */
static void slug_code_point(strbuf *b, int32_t cp, size_t start, bool *dash)
{
    utf8proc_int32_t parts[16];
    unsigned char known = known_slug_letter(cp);
    utf8proc_ssize_t n = 1;
    if (known)
        parts[0] = known;
    else
        n = slug_parts(cp, parts);
    if (!n)
        *dash = b->len > start;
    for (utf8proc_ssize_t i = 0; i < n; i++) {
        int32_t c = parts[i] == 0x111 ? 'd' : parts[i]; /* đ has no decomposition */
        if (!is_slug_char(c)) {
            *dash = b->len > start;
            continue;
        }
        if (*dash)
            sb_putc(b, '-');
        *dash = false;
        sb_putc(b, (char)c);
    }
}

void akn_slug(strbuf *b, const char *s, size_t n, size_t max)
{
    pthread_once(&slug_letters_once, make_slug_letters);
    size_t start = b->len, i = 0;
    bool dash = false;
    while (i < n && !b->failed) {
        utf8proc_int32_t cp = (unsigned char)s[i];
        utf8proc_ssize_t w = cp < 0x80 ? 1 /* an ASCII byte is its own code point */
                                       : utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                                          (utf8proc_ssize_t)(n - i), &cp);
        if (w <= 0) { /* not UTF-8: a separator */
            dash = b->len > start;
            i++;
            continue;
        }
        slug_code_point(b, cp, start, &dash);
        if (b->len - start > max) { /* cut at the last '-' within max bytes */
            size_t k = start + max;
            while (k > start && b->data[k] != '-')
                k--;
            sb_cut(b, k > start ? k : start + max);
            return;
        }
        i += (size_t)w;
    }
}

static void slug_str(strbuf *b, const char *s, size_t max)
{
    akn_slug(b, s, strlen(s), max);
}

/* ---- the parts of an IRI --------------------------------------------- */

/* The types of legal documents of the law on legal documents, and whether
 * only national bodies issue them: grammars/akn_act_types.tsv. A type is an
 * Akoma Ntoso act when it is one of them; every other type is a doc. The
 * writer has the type alone, so it reads the built-in list. */
static bool act_type_of(const char *type, bool *national)
{
    word_hit h;
    if (!type || !listed_word_is(NULL, "akn_act_types.tsv", NULL, type, strlen(type), &h))
        return false;
    *national = h.role_len == strlen("national") && strncmp(h.role, "national", h.role_len) == 0;
    return true;
}

const char *akn_doc_type(const char *type)
{
    bool national;
    return act_type_of(type, &national) ? "act" : "doc";
}

/* The issuer code of a symbol: after '/' in the Party pattern ("NQ/TW"),
 * after the first '-' in the state pattern ("NQ-CP", "TTLT-BTC-BNV"), the
 * whole symbol otherwise ("QH15"); the term digits at its end dropped. */
static size_t symbol_issuer(const char *sym, const char **code)
{
    *code = NULL;
    if (!sym)
        return 0;
    const char *p = strchr(sym, '/');
    if (!p)
        p = strchr(sym, '-');
    const char *s = p ? p + 1 : sym;
    size_t n = strlen(s);
    while (n && s[n - 1] >= '0' && s[n - 1] <= '9')
        n--;
    *code = s;
    return n;
}

/* Bodies that every province (or district, commune) has: a symbol of theirs
 * names a document only within its province (grammars/local_body_codes.tsv).
 * Any code issuers.tsv does not know (SNV, SKHCN: a provincial department)
 * is local too. */
static bool local_body_code(const vnp_document *doc, const char *s, size_t n)
{
    return listed_word_is(doc->internal, "local_body_codes.tsv", "local", s, n, NULL);
}

/* Is the code (its first body, for a joint "BTC-BNV") a national body? */
static bool national_code(const vnp_document *doc, const char *s, size_t n)
{
    const char *dash = memchr(s, '-', n);
    if (dash)
        n = (size_t)(dash - s);
    return n && !local_body_code(doc, s, n) && doc->internal &&
           lexicon_has_word(doc->internal, "issuers.tsv", s, n);
}

typedef struct issuer_match {
    char key[256];   /* the issuer's match key */
    const char *code; /* the code of the row naming it */
} issuer_match;

static bool match_issuer_row(const char *word, const char *value, void *ctx)
{
    issuer_match *m = ctx;
    const char *tab = strchr(value, '\t');
    size_t n = tab ? (size_t)(tab - value) : strlen(value);
    char key[256];
    if (match_key_into(value, n, key, sizeof key) && strcmp(key, m->key) == 0) {
        m->code = word;
        return true;
    }
    return false;
}

/* The code issuers.tsv gives the issuer written in full ("Quốc hội": QH). */
static const char *issuer_code(const vnp_document *doc, const char *issuer)
{
    issuer_match m = {.code = NULL};
    if (!issuer || !doc->internal || !match_key_into(issuer, strlen(issuer), m.key, sizeof m.key))
        return NULL;
    lexicon_each(doc->internal, "issuers.tsv", match_issuer_row, &m);
    return m.code;
}

/* "vn", or "vn-<province>" for a document of a province's bodies. */
static void country_part(strbuf *b, const vnp_document *doc, bool national)
{
    sb_puts(b, "vn");
    const char *local = doc->province.name ? doc->province.name : doc->place;
    if (national || !local)
        return;
    sb_putc(b, '-');
    slug_str(b, local, SLUG_NAME_MAX);
}

/* Is the work national: its symbol's code, else its type or issuer says so. */
static bool work_is_national(const vnp_document *doc, const akn_parts *p)
{
    const char *code;
    size_t n = symbol_issuer(p->symbol, &code);
    if (n)
        return national_code(doc, code, n);
    if (p->national)
        return true;
    bool national = false;
    if (act_type_of(p->type, &national) && national)
        return true;
    const char *by_name = issuer_code(doc, p->issuer);
    return by_name && national_code(doc, by_name, strlen(by_name));
}

/* "/cp": the symbol's code, the code of the issuer's name, or the issuer
 * spelled out; nothing when none is known. */
static void actor_part(strbuf *b, const vnp_document *doc, const akn_parts *p)
{
    const char *code;
    size_t n = symbol_issuer(p->symbol, &code);
    const char *by_name = n ? NULL : issuer_code(doc, p->issuer);
    if (!n && by_name) {
        code = by_name;
        n = strlen(by_name);
        while (n && code[n - 1] >= '0' && code[n - 1] <= '9')
            n--;
    }
    size_t before = b->len;
    sb_putc(b, '/');
    if (n)
        akn_slug(b, code, n, SLUG_ACTOR_MAX);
    else if (p->issuer)
        slug_str(b, p->issuer, SLUG_ACTOR_MAX);
    if (b->len == before + 1)
        sb_cut(b, before); /* nothing known: the IRI has no actor */
}

/* How much of a date an ISO date can hold: a real day, a month, a year
 * (of four digits), or nothing. The model keeps only real dates; this
 * holds for any input all the same. */
enum date_precision { DATE_NONE, DATE_YEAR, DATE_MONTH, DATE_DAY };

static enum date_precision date_precision(int y, int m, int d)
{
    if (y < 1 || y > 9999)
        return DATE_NONE;
    if (m < 1 || m > 12)
        return DATE_YEAR;
    return d >= 1 && d <= days_in_month(y, m) ? DATE_DAY : DATE_MONTH;
}

/* sep and then value in `width` digits at least, as "%c%0*d" would put
 * them; printf's own work only for a value past 9999 or below 0, which no
 * real date has (an IRI has a few dates, and there are many IRIs). */
static void put_number(strbuf *b, char sep, int value, int width)
{
    if (value < 0 || value > 9999) {
        sb_printf(b, "%c%0*d", sep, width, value);
        return;
    }
    char text[5] = {sep};
    int digits = width > 3 || value > 999 ? 4 : width > 2 || value > 99 ? 3 : 2;
    for (int i = digits; i >= 1; i--, value /= 10)
        text[i] = (char)('0' + value % 10);
    sb_append(b, text, (size_t)digits + 1);
}

/* "/2021-07-15", "/2021-07", "/2021" (the date known so far, or the year
 * of the symbol), or "/undated". */
static void date_part(strbuf *b, const akn_parts *p)
{
    enum date_precision known = date_precision(p->year, p->month, p->day);
    if (known == DATE_NONE) {
        if (date_precision(p->symbol_year, 0, 0) == DATE_YEAR)
            put_number(b, '/', p->symbol_year, 4);
        else
            sb_puts(b, "/undated");
        return;
    }
    put_number(b, '/', p->year, 4);
    if (known >= DATE_MONTH)
        put_number(b, '-', p->month, 2);
    if (known == DATE_DAY)
        put_number(b, '-', p->day, 2);
}

/* The document's date as an ISO day in buf, or NULL when it is not whole. */
static const char *whole_day(const vnp_date *d, char buf[16])
{
    if (date_precision(d->year, d->month, d->day) != DATE_DAY)
        return NULL;
    snprintf(buf, 16, "%04d-%02d-%02d", d->year, d->month, d->day);
    return buf;
}

/* "/76-nq-cp", "/118-2025-nd-cp", "/unnumbered-kh-skhcn" (a draft's blank
 * number), the name of a law cited by name, or "/unnumbered". */
static void number_part(strbuf *b, const akn_parts *p)
{
    sb_putc(b, '/');
    size_t start = b->len;
    if (p->number)
        slug_str(b, p->number, SLUG_NAME_MAX);
    else if (p->symbol || !p->title)
        sb_puts(b, "unnumbered");
    if (p->number && p->symbol_year)
        put_number(b, '-', p->symbol_year, 4);
    if (p->symbol) {
        sb_putc(b, '-');
        slug_str(b, p->symbol, SLUG_NAME_MAX);
    }
    if (b->len == start && p->title)
        slug_str(b, p->title, SLUG_NAME_MAX);
    if (b->len == start)
        sb_puts(b, "unnumbered");
}

void akn_work_uri(const vnp_document *doc, const akn_parts *p, strbuf *b)
{
    sb_puts(b, "/akn/");
    country_part(b, doc, work_is_national(doc, p));
    sb_putc(b, '/');
    sb_puts(b, akn_doc_type(p->type));
    sb_putc(b, '/');
    size_t at = b->len;
    if (p->type)
        slug_str(b, p->type, SLUG_NAME_MAX);
    if (b->len == at)
        sb_puts(b, "van-ban"); /* a document whose type is not known */
    actor_part(b, doc, p);
    date_part(b, p);
    number_part(b, p);
}

akn_parts akn_cited_parts(const vnp_cited_document *c)
{
    akn_parts p = {.type = c->type, .number = c->number, .symbol_year = c->year,
                   .symbol = c->symbol, .year = c->date.year, .month = c->date.month,
                   .day = c->date.day, .issuer = c->issuer,
                   .title = c->number ? NULL : c->title};
    return p;
}

akn_parts akn_document_parts(const vnp_document *d)
{
    akn_parts p = {.type = d->type, .number = d->number, .symbol_year = d->number_year,
                   .symbol = d->symbol, .year = d->date.year, .month = d->date.month,
                   .day = d->date.day, .issuer = d->issuer.name,
                   .national = d->issuer.scope && strcmp(d->issuer.scope, "national") == 0};
    return p;
}

/* ---- the writer ------------------------------------------------------ */

typedef struct akn_out {
    xml_out x;
    const vnp_document *doc;
    akn_parts self; /* what the document's own IRI is made of */
    strbuf work;    /* the document's work IRI */
    strbuf scratch; /* an IRI or eId being made */
} akn_out;

static void fail(akn_out *a)
{
    a->x.sink.buf.failed = true;
}

/* Copies the scratch buffer's text out for an attribute: scratch is
 * reused by the next IRI. */
static void attr_scratch(akn_out *a, const char *name)
{
    if (a->scratch.failed) {
        fail(a);
        return;
    }
    xml_attr(&a->x, name, a->scratch.data ? a->scratch.data : "");
}

static void text_element(akn_out *a, const char *name, const char *text)
{
    if (!text)
        return;
    xml_start(&a->x, name);
    xml_text(&a->x, text);
    xml_end(&a->x);
}

/* <p>text</p>, or <p/> when text is NULL. */
static void paragraph(akn_out *a, const char *text)
{
    xml_start_mixed(&a->x, "p");
    if (text)
        xml_text(&a->x, text);
    xml_end(&a->x);
}

static void cited_uri(akn_out *a, size_t cited_index)
{
    sb_cut(&a->scratch, 0);
    akn_parts p = akn_cited_parts(&a->doc->cited_documents[cited_index]);
    akn_work_uri(a->doc, &p, &a->scratch);
}

/* <FRBRthis> and <FRBRuri> of one level. */
static void frbr_this_uri(akn_out *a, const char *this_iri, const char *uri)
{
    xml_start(&a->x, "FRBRthis");
    xml_attr(&a->x, "value", this_iri);
    xml_end(&a->x);
    xml_start(&a->x, "FRBRuri");
    xml_attr(&a->x, "value", uri);
    xml_end(&a->x);
}

/* <FRBRdate>: the issuing date. The schema wants a whole day: a date known
 * to the month or year gives its first day, and the name says how much of
 * it the document states ("issued", "issued-month", "issued-year",
 * "undated"). */
static void frbr_date(akn_out *a)
{
    static const char *const names[] = {"undated", "issued-year", "issued-month", "issued"};
    const vnp_date *d = &a->doc->date;
    enum date_precision known = date_precision(d->year, d->month, d->day);
    char buf[16];
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", known >= DATE_YEAR ? d->year : 1,
             known >= DATE_MONTH ? d->month : 1, known == DATE_DAY ? d->day : 1);
    const char *name = names[known];
    xml_start(&a->x, "FRBRdate");
    xml_attr(&a->x, "date", buf);
    xml_attr(&a->x, "name", name);
    xml_end(&a->x);
}

static void frbr_author(akn_out *a, const char *href)
{
    xml_start(&a->x, "FRBRauthor");
    xml_attr(&a->x, "href", href);
    xml_end(&a->x);
}

/* The IRIs of the three FRBR levels: work, expression (Vietnamese, as
 * issued) and the XML manifestation, each as the whole document and as
 * this part of it (component "/!main", or "/!annex_1" for an annex). */
typedef struct frbr_iris {
    strbuf work, work_this, expr, expr_this, manif, manif_this;
} frbr_iris;

static bool frbr_iris_make(frbr_iris *f, const akn_out *a, const char *component)
{
    const vnp_document *d = a->doc;
    const char *w = a->work.data ? a->work.data : "";
    sb_puts(&f->work, w);
    sb_printf(&f->work_this, "%s%s", w, component);
    sb_printf(&f->expr, "%s/%s@", w, AKN_LANGUAGE);
    char iso[16];
    if (whole_day(&d->date, iso))
        sb_puts(&f->expr, iso);
    const char *e = f->expr.data ? f->expr.data : "";
    sb_printf(&f->expr_this, "%s%s", e, component);
    sb_printf(&f->manif, "%s.xml", e);
    sb_printf(&f->manif_this, "%s%s.xml", e, component);
    strbuf *all[] = {&f->work, &f->work_this, &f->expr, &f->expr_this, &f->manif, &f->manif_this};
    for (size_t i = 0; i < 6; i++)
        if (all[i]->failed || !all[i]->data)
            return false;
    return true;
}

static void frbr_iris_free(frbr_iris *f)
{
    strbuf *all[] = {&f->work, &f->work_this, &f->expr, &f->expr_this, &f->manif, &f->manif_this};
    for (size_t i = 0; i < 6; i++)
        sb_free(all[i]);
}

static void frbr_work(akn_out *a, const frbr_iris *f)
{
    const vnp_document *d = a->doc;
    xml_start(&a->x, "FRBRWork");
    frbr_this_uri(a, f->work_this.data, f->work.data);
    frbr_date(a);
    frbr_author(a, "#issuer");
    sb_cut(&a->scratch, 0);
    country_part(&a->scratch, d, work_is_national(d, &a->self));
    xml_start(&a->x, "FRBRcountry");
    attr_scratch(a, "value");
    xml_end(&a->x);
    if (d->number && d->symbol) {
        sb_cut(&a->scratch, 0);
        sb_printf(&a->scratch, "%s/%s", d->number, d->symbol);
        xml_start(&a->x, "FRBRnumber");
        attr_scratch(a, "value");
        xml_end(&a->x);
    }
    xml_end(&a->x);
}

/* <identification> of the document (component "/!main") or of an annex
 * ("/!annex_1"). */
static void write_identification(akn_out *a, const char *component)
{
    frbr_iris f = {0};
    if (!frbr_iris_make(&f, a, component)) {
        fail(a);
        frbr_iris_free(&f);
        return;
    }
    xml_start(&a->x, "identification");
    xml_attr(&a->x, "source", "#vnplan");
    frbr_work(a, &f);
    xml_start(&a->x, "FRBRExpression");
    frbr_this_uri(a, f.expr_this.data, f.expr.data);
    frbr_date(a);
    frbr_author(a, "#issuer");
    xml_start(&a->x, "FRBRlanguage");
    xml_attr(&a->x, "language", AKN_LANGUAGE);
    xml_end(&a->x);
    xml_end(&a->x);
    xml_start(&a->x, "FRBRManifestation");
    frbr_this_uri(a, f.manif_this.data, f.manif.data);
    frbr_date(a);
    frbr_author(a, "#vnplan");
    xml_end(&a->x);
    xml_end(&a->x);
    frbr_iris_free(&f);
}

/* A TLC entry of the references: eId, ontology IRI, the name shown and,
 * for a TLCReference, the class it is of. */
static void tlc(akn_out *a, const char *element, const char *eid, const char *href,
                const char *show, const char *class_name)
{
    xml_start(&a->x, element);
    xml_attr(&a->x, "eId", eid);
    xml_attr(&a->x, "href", href);
    xml_attr(&a->x, "showAs", show);
    xml_attr(&a->x, "name", class_name);
    xml_end(&a->x);
}

static char *scratch_copy(akn_out *a)
{
    if (a->scratch.failed || !a->scratch.data) {
        fail(a);
        return NULL;
    }
    char *s = mem_alloc(a->scratch.len + 1);
    if (!s) {
        fail(a);
        return NULL;
    }
    memcpy(s, a->scratch.data, a->scratch.len + 1);
    return s;
}

/* A TLC entry of one of the document's agents or places, its IRI
 * "/akn/ontology/<kind>/vn/<slug of name>". */
static void tlc_named(akn_out *a, const char *element, const char *eid, const char *kind,
                      const char *name)
{
    sb_cut(&a->scratch, 0);
    sb_printf(&a->scratch, "/akn/ontology/%s/vn/", kind);
    size_t at = a->scratch.len;
    slug_str(&a->scratch, name ? name : "", SLUG_NAME_MAX);
    if (a->scratch.len == at)
        sb_puts(&a->scratch, "unnamed");
    char *href = scratch_copy(a);
    if (href)
        tlc(a, element, eid, href, name ? name : "(not named)", NULL);
    mem_free(href);
}

static void write_agents(akn_out *a)
{
    const vnp_document *d = a->doc;
    tlc(a, "TLCOrganization", "vnplan", "/akn/ontology/organization/vnplan", "vnplan", NULL);
    const char *issuer = d->issuer.name ? d->issuer.name : d->issuer.parent;
    tlc_named(a, "TLCOrganization", "issuer", "organization", issuer);
    if (d->province.name)
        tlc_named(a, "TLCLocation", "province", "location", d->province.name);
    if (d->signer.name)
        tlc_named(a, "TLCPerson", "signer", "person", d->signer.name);
}

/* "Nghị quyết 76/NQ-CP", or a law by its name. */
static void cited_name(strbuf *b, const vnp_cited_document *c)
{
    if (c->number || !c->title)
        sb_printf(b, "%s %s", c->type ? c->type : "", c->key ? c->key : "");
    else
        sb_printf(b, "%s %s", c->type ? c->type : "", c->title);
}

static void write_references(akn_out *a)
{
    const vnp_document *d = a->doc;
    xml_start(&a->x, "references");
    xml_attr(&a->x, "source", "#vnplan");
    write_agents(a);
    for (size_t i = 0; i < d->cited_document_count && !a->x.sink.buf.failed; i++) {
        cited_uri(a, i);
        char *href = scratch_copy(a);
        sb_cut(&a->scratch, 0);
        cited_name(&a->scratch, &d->cited_documents[i]);
        char *show = scratch_copy(a);
        char eid[48];
        snprintf(eid, sizeof eid, "cited_%zu", i + 1);
        if (href && show)
            tlc(a, "TLCReference", eid, href, show, "citedDocument");
        mem_free(href);
        mem_free(show);
    }
    xml_end(&a->x);
}

static void write_notes(akn_out *a)
{
    const vnp_document *d = a->doc;
    if (!d->footnote_count)
        return;
    xml_start(&a->x, "notes");
    xml_attr(&a->x, "source", "#vnplan");
    for (size_t i = 0; i < d->footnote_count; i++) {
        char eid[48];
        snprintf(eid, sizeof eid, "note_%zu", i + 1);
        xml_start(&a->x, "note");
        xml_attr(&a->x, "eId", eid);
        xml_attr(&a->x, "marker", d->footnotes[i].marker);
        paragraph(a, d->footnotes[i].text);
        xml_end(&a->x);
    }
    xml_end(&a->x);
}

static void write_meta(akn_out *a)
{
    xml_start(&a->x, "meta");
    write_identification(a, "/!main");
    write_references(a);
    write_notes(a);
    xml_end(&a->x);
}

/* <p> with one inline element: <docType>KẾ HOẠCH</docType>. */
static void preface_line(akn_out *a, const char *inline_name, const char *text)
{
    if (!text)
        return;
    xml_start_mixed(&a->x, "p");
    text_element(a, inline_name, text);
    xml_end(&a->x);
}

static void write_preface(akn_out *a)
{
    const vnp_document *d = a->doc;
    const char *issuer = d->issuer.name ? d->issuer.name : d->issuer.parent;
    bool any = issuer || d->type || d->number_line || d->date.text || d->title;
    if (!any)
        return;
    xml_start(&a->x, "preface");
    if (issuer) {
        xml_start_mixed(&a->x, "p");
        text_element(a, "docProponent", issuer);
        xml_end(&a->x);
    }
    if (d->number_line) {
        sb_cut(&a->scratch, 0);
        sb_printf(&a->scratch, "%s/%s", d->number ? d->number : "", d->symbol ? d->symbol : "");
        char *number = scratch_copy(a);
        preface_line(a, "docNumber", number);
        mem_free(number);
    }
    preface_line(a, "docType", d->type);
    if (d->date.text) {
        char iso[16];
        xml_start_mixed(&a->x, "p");
        if (d->place) {
            xml_text(&a->x, d->place);
            xml_text(&a->x, ", ");
        }
        if (whole_day(&d->date, iso)) {
            xml_start(&a->x, "docDate");
            xml_attr(&a->x, "date", iso);
            xml_text(&a->x, d->date.text);
            xml_end(&a->x);
        } else {
            xml_text(&a->x, d->date.text); /* a date the schema cannot hold whole */
        }
        xml_end(&a->x);
    }
    preface_line(a, "docTitle", d->title);
    xml_end(&a->x);
}

/* One legal basis: its text, each mention of a cited document in it a ref
 * to that document. A mention is looked for after the previous one; once
 * one is not found in the text as written, the rest of the paragraph is
 * plain text (so the search stays linear in the paragraph). */
static size_t write_citation(akn_out *a, const vnp_text *basis, size_t ref)
{
    const vnp_document *d = a->doc;
    const char *text = basis->text ? basis->text : "";
    size_t at = 0, len = strlen(text);
    bool searching = true;
    xml_start_mixed(&a->x, "p");
    for (; ref < d->reference_count && d->references[ref].line <= basis->end_line; ref++) {
        const vnp_reference *r = &d->references[ref];
        if (!searching || r->line < basis->line || r->role != VNP_ROLE_BASIS || !r->cited ||
            !r->text || !r->text[0])
            continue;
        const char *hit = strstr(text + at, r->text);
        if (!hit) {
            searching = false;
            continue;
        }
        xml_text_n(&a->x, text + at, (size_t)(hit - (text + at)));
        cited_uri(a, r->cited - 1);
        xml_start(&a->x, "ref");
        attr_scratch(a, "href");
        xml_text(&a->x, r->text);
        xml_end(&a->x);
        at = (size_t)(hit - text) + strlen(r->text);
    }
    xml_text_n(&a->x, text + at, len - at);
    xml_end(&a->x);
    return ref;
}

static void write_preamble(akn_out *a)
{
    const vnp_document *d = a->doc;
    if (!d->preamble_count)
        return;
    xml_start(&a->x, "preamble");
    xml_start(&a->x, "citations");
    xml_attr(&a->x, "eId", "citations");
    size_t ref = 0;
    for (size_t i = 0; i < d->preamble_count; i++) {
        while (ref < d->reference_count && d->references[ref].line < d->preamble[i].line)
            ref++;
        char eid[64];
        snprintf(eid, sizeof eid, "citations__citation_%zu", i + 1);
        xml_start(&a->x, "citation");
        xml_attr(&a->x, "eId", eid);
        ref = write_citation(a, &d->preamble[i], ref);
        xml_end(&a->x);
    }
    xml_end(&a->x);
    xml_end(&a->x);
}

/* The Akoma Ntoso container of a heading style: the named ones where the
 * style names one, a generic hcontainer otherwise. */
static const char *container_of(const char *style)
{
    static const char *const named[] = {"part", "chapter", "section", "article"};
    for (size_t i = 0; style && i < sizeof named / sizeof named[0]; i++)
        if (strcmp(style, named[i]) == 0)
            return named[i];
    if (style && strcmp(style, "letter") == 0)
        return "point";
    return "hcontainer";
}

/* A heading and the headings under it; eId is the parent's, extended. */
static size_t write_heading(akn_out *a, size_t i, const char *parent_eid, size_t ordinal)
{
    const vnp_document *d = a->doc;
    const vnp_heading *h = &d->outline[i];
    const char *element = container_of(h->style);
    sb_cut(&a->scratch, 0);
    sb_printf(&a->scratch, "%s%s%s_%zu", parent_eid, parent_eid[0] ? "__" : "", element, ordinal);
    char *eid = scratch_copy(a);
    xml_start(&a->x, element);
    if (strcmp(element, "hcontainer") == 0)
        xml_attr(&a->x, "name", h->style ? h->style : "heading");
    xml_attr(&a->x, "eId", eid);
    text_element(a, "num", h->number);
    if (h->title) {
        xml_start_mixed(&a->x, "heading");
        xml_text(&a->x, h->title);
        xml_end(&a->x);
    }
    size_t k = i + 1, child = 0;
    while (k < d->outline_count && d->outline[k].parent == i + 1 && !a->x.sink.buf.failed)
        k = write_heading(a, k, eid ? eid : "", ++child);
    xml_end(&a->x);
    mem_free(eid);
    return k;
}

/* The annex (index + 1) whose lines hold the table, or 0; *cursor moves
 * on through the annexes in document order. */
static size_t annex_of(const vnp_document *d, const vnp_table *t, size_t *cursor)
{
    while (*cursor < d->annex_count && d->annexes[*cursor].end_line < t->line)
        (*cursor)++;
    if (*cursor < d->annex_count && d->annexes[*cursor].line <= t->line &&
        t->line <= d->annexes[*cursor].end_line)
        return *cursor + 1;
    return 0;
}

static void cell(akn_out *a, const char *element, const char *text, size_t colspan)
{
    xml_start(&a->x, element);
    if (colspan > 1)
        xml_attr_int(&a->x, "colspan", (long long)colspan);
    if (text)
        paragraph(a, text);
    xml_end(&a->x);
}

/* A row of section or group records: its number and title across the table. */
static void title_row(akn_out *a, const vnp_table *t, const vnp_record *r)
{
    sb_cut(&a->scratch, 0);
    if (r->number)
        sb_printf(&a->scratch, "%s ", r->number);
    sb_puts(&a->scratch, r->title);
    char *text = scratch_copy(a);
    xml_start(&a->x, "tr");
    xml_attr(&a->x, "class", vnp_record_kind_string(r->kind));
    cell(a, "td", text, t->column_count);
    xml_end(&a->x);
    mem_free(text);
}

/* The first column (0-based) of each role, column_count for a role no
 * column has: a record's text of a role stands there. */
typedef struct role_columns {
    size_t at[VNP_CELL_ROLES];
} role_columns;

static role_columns role_columns_of(const vnp_table *t)
{
    role_columns rc;
    for (int role = 0; role < VNP_CELL_ROLES; role++)
        rc.at[role] = t->column_count;
    for (size_t c = t->column_count; c-- > 0;)
        if (t->columns[c].role < VNP_CELL_ROLES)
            rc.at[t->columns[c].role] = c;
    return rc;
}

typedef struct placed_cell {
    size_t column; /* 0-based */
    const char *text;
} placed_cell;

/* The record's texts of the task fields, in column order. */
static size_t role_cells(const role_columns *rc, const vnp_table *t, const vnp_record *r,
                         placed_cell out[VNP_CELL_ROLES])
{
    size_t n = 0;
    for (int role = 0; role < VNP_CELL_ROLES; role++) {
        const char *cell = vnp_record_cell(r, (vnp_cell_role)role);
        if (role == VNP_CELL_OTHER || !cell || rc->at[role] >= t->column_count)
            continue;
        size_t k = n++;
        for (; k > 0 && out[k - 1].column > rc->at[role]; k--)
            out[k] = out[k - 1];
        out[k] = (placed_cell){rc->at[role], cell};
    }
    return n;
}

/* The 0-based column of an "other" cell (its column is 1-based; 0, which
 * the model never gives, is placed nowhere). */
static size_t other_column(const vnp_other_cell *o)
{
    return o->column ? o->column - 1 : SIZE_MAX;
}

/* A record's cells in the table's columns: the task fields' and the
 * "other" columns' texts merged in column order, each run of empty
 * columns one cell spanning them, so that a row costs what it holds
 * rather than the table's width. */
static void record_row(akn_out *a, const vnp_table *t, const role_columns *rc,
                       const vnp_record *r)
{
    if ((r->kind == VNP_RECORD_SECTION || r->kind == VNP_RECORD_GROUP) && r->title) {
        title_row(a, t, r);
        return;
    }
    placed_cell roles[VNP_CELL_ROLES];
    size_t nroles = role_cells(rc, t, r, roles), i = 0, k = 0, next = 0;
    xml_start(&a->x, "tr");
    xml_attr(&a->x, "class", vnp_record_kind_string(r->kind));
    while (i < nroles || k < r->other_count) {
        placed_cell c;
        if (k >= r->other_count || (i < nroles && roles[i].column < other_column(&r->other[k]))) {
            c = roles[i++];
        } else {
            c = (placed_cell){other_column(&r->other[k]), r->other[k].text};
            k++;
        }
        if (c.column < next || c.column >= t->column_count)
            continue; /* a column already filled, or none of the table's */
        if (c.column > next)
            cell(a, "td", NULL, c.column - next);
        cell(a, "td", c.text, 1);
        next = c.column + 1;
    }
    if (next < t->column_count)
        cell(a, "td", NULL, t->column_count - next);
    xml_end(&a->x);
}

static void write_table(akn_out *a, const vnp_table *t)
{
    char eid[48];
    snprintf(eid, sizeof eid, "table_%zu", t->index);
    xml_start(&a->x, "hcontainer");
    xml_attr(&a->x, "name", "table");
    xml_attr(&a->x, "eId", eid);
    xml_start(&a->x, "content");
    xml_start(&a->x, "table");
    xml_attr(&a->x, "class", t->kind);
    if (t->title) {
        xml_start_mixed(&a->x, "caption");
        xml_text(&a->x, t->title);
        xml_end(&a->x);
    }
    xml_start(&a->x, "tr");
    for (size_t c = 0; c < t->column_count; c++)
        cell(a, "th", t->columns[c].header ? t->columns[c].header : "", 1);
    xml_end(&a->x);
    role_columns rc = role_columns_of(t);
    for (size_t r = 0; r < t->record_count && !a->x.sink.buf.failed; r++)
        record_row(a, t, &rc, &t->records[r]);
    xml_end(&a->x);
    xml_end(&a->x);
    xml_end(&a->x);
}

/* Tables of records in cells (not the labelled paragraphs of kind
 * "prose", which are the outline's own text) with a column to hold them. */
static bool written_as_table(const vnp_table *t)
{
    return t->column_count && !(t->kind && strcmp(t->kind, "prose") == 0);
}

static void write_body(akn_out *a, bool act)
{
    const vnp_document *d = a->doc;
    xml_start(&a->x, act ? "body" : "mainBody");
    bool any = d->outline_count > 0;
    for (size_t i = 0, n = 0; i < d->outline_count && !a->x.sink.buf.failed;)
        i = write_heading(a, i, "", ++n);
    size_t cursor = 0;
    for (size_t i = 0; i < d->table_count && !a->x.sink.buf.failed; i++)
        if (written_as_table(&d->tables[i]) && !annex_of(d, &d->tables[i], &cursor)) {
            write_table(a, &d->tables[i]);
            any = true;
        }
    if (!any) { /* the schema wants one part at least: an empty one says there is none */
        xml_start(&a->x, "hcontainer");
        xml_attr(&a->x, "name", "body");
        xml_attr(&a->x, "eId", "body");
        xml_start(&a->x, "content");
        paragraph(a, NULL);
        xml_end(&a->x);
        xml_end(&a->x);
    }
    xml_end(&a->x);
}

static void write_signature(akn_out *a)
{
    const vnp_signer *s = &a->doc->signer;
    xml_start_mixed(&a->x, "p");
    xml_attr(&a->x, "eId", "signature");
    xml_start(&a->x, "signature");
    bool text = false;
    const char *parts[] = {s->authority, s->on_behalf_of, s->title};
    for (size_t i = 0; i < 3; i++)
        if (parts[i]) {
            if (text)
                xml_text(&a->x, " ");
            xml_text(&a->x, parts[i]);
            text = true;
        }
    if (s->name) {
        if (text)
            xml_text(&a->x, " ");
        xml_start(&a->x, "person");
        xml_attr(&a->x, "refersTo", "#signer");
        xml_text(&a->x, s->name);
        xml_end(&a->x);
    }
    xml_end(&a->x);
    xml_end(&a->x);
}

static void write_conclusions(akn_out *a)
{
    const vnp_document *d = a->doc;
    if (!d->signer.line && !d->recipient_count)
        return;
    xml_start(&a->x, "conclusions");
    if (d->signer.line)
        write_signature(a);
    if (d->recipient_count) {
        xml_start(&a->x, "blockList");
        xml_attr(&a->x, "eId", "recipients");
        for (size_t i = 0; i < d->recipient_count; i++) {
            char eid[64];
            snprintf(eid, sizeof eid, "recipients__item_%zu", i + 1);
            xml_start(&a->x, "item");
            xml_attr(&a->x, "eId", eid);
            paragraph(a, d->recipients[i].text);
            xml_end(&a->x);
        }
        xml_end(&a->x);
    }
    xml_end(&a->x);
}

/* One annex: a doc of its own (its identification a component of the
 * document's work) holding its tables. */
static void write_annex(akn_out *a, size_t k, size_t *table)
{
    const vnp_document *d = a->doc;
    const vnp_annex *an = &d->annexes[k];
    char eid[48], component[48];
    snprintf(eid, sizeof eid, "att_%zu", k + 1);
    snprintf(component, sizeof component, "/!annex_%zu", k + 1);
    xml_start(&a->x, "attachment");
    xml_attr(&a->x, "eId", eid);
    if (an->label) {
        xml_start_mixed(&a->x, "heading");
        xml_text(&a->x, an->label);
        xml_end(&a->x);
    }
    if (an->caption) {
        xml_start_mixed(&a->x, "subheading");
        xml_text(&a->x, an->caption);
        xml_end(&a->x);
    }
    xml_start(&a->x, "doc");
    xml_attr(&a->x, "name", "annex");
    xml_start(&a->x, "meta");
    write_identification(a, component);
    xml_end(&a->x);
    xml_start(&a->x, "mainBody");
    bool any = false;
    size_t cursor = k;
    for (; *table < d->table_count && !a->x.sink.buf.failed; (*table)++) {
        const vnp_table *t = &d->tables[*table];
        if (t->line > an->end_line)
            break;
        if (written_as_table(t) && annex_of(d, t, &cursor) == k + 1) {
            write_table(a, t);
            any = true;
        }
    }
    if (!any)
        paragraph(a, an->caption ? an->caption : an->label);
    xml_end(&a->x);
    xml_end(&a->x);
    xml_end(&a->x);
}

static void write_attachments(akn_out *a)
{
    const vnp_document *d = a->doc;
    if (!d->annex_count)
        return;
    xml_start(&a->x, "attachments");
    size_t table = 0;
    for (size_t k = 0; k < d->annex_count && !a->x.sink.buf.failed; k++)
        write_annex(a, k, &table);
    xml_end(&a->x);
}

static void write_document(akn_out *a)
{
    const vnp_document *d = a->doc;
    a->self = akn_document_parts(d);
    akn_work_uri(d, &a->self, &a->work);
    if (a->work.failed)
        fail(a);
    bool act = strcmp(akn_doc_type(d->type), "act") == 0;
    sb_cut(&a->scratch, 0);
    if (d->type)
        slug_str(&a->scratch, d->type, SLUG_NAME_MAX);
    if (!a->scratch.len)
        sb_puts(&a->scratch, "van-ban");
    char *name = scratch_copy(a);
    xml_declaration(&a->x);
    xml_start(&a->x, "akomaNtoso");
    xml_attr(&a->x, "xmlns", AKN_NAMESPACE);
    xml_start(&a->x, act ? "act" : "doc");
    xml_attr(&a->x, "name", name);
    mem_free(name);
    write_meta(a);
    write_preface(a);
    write_preamble(a);
    write_body(a, act);
    write_conclusions(a);
    write_attachments(a);
    xml_end(&a->x);
    xml_end(&a->x);
    xml_out_close(&a->x);
    sb_free(&a->work);
    sb_free(&a->scratch);
}

vnp_status akn_write(const vnp_document *doc, unsigned flags, char **out, size_t *out_len)
{
    if (out)
        *out = NULL; /* a failure leaves nothing to free */
    if (out_len)
        *out_len = 0;
    if (!doc || !out)
        return VNP_ERR_ARGUMENT;
    akn_out a = {.doc = doc};
    xml_out_init(&a.x, flags, NULL);
    write_document(&a);
    return sink_finish(&a.x.sink, out, out_len);
}

vnp_status akn_write_file(const vnp_document *doc, unsigned flags, FILE *f)
{
    if (!doc || !f)
        return VNP_ERR_ARGUMENT;
    akn_out a = {.doc = doc};
    xml_out_init(&a.x, flags, f);
    write_document(&a);
    return sink_finish(&a.x.sink, NULL, NULL);
}
