/* Province stage: the province or centrally-run city a document belongs
 * to, from the issuer's name ("ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI") or else
 * the place-and-date line ("TP. Hồ Chí Minh, ngày ..."), brought to one
 * canonical name and through the 2025 mergers (province_mergers.tsv) to
 * the province it belongs to today. A national body has none. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static bool is_space(char c) { return c == ' ' || c == '\t'; }

static size_t skip_spaces(const char *s, size_t n, size_t i)
{
    while (i < n && is_space(s[i]))
        i++;
    return i;
}

/* Where the name after a unit word begins: after the spaces, or after the
 * dot of a glued abbreviation ("TP.HCM" is "TP." and "HCM"). */
static size_t name_start(const char *s, size_t n, size_t word, size_t matched)
{
    for (size_t i = word; i + 1 < word + matched; i++)
        if (s[i] == '.' && !is_space(s[i + 1]))
            return i + 1;
    return skip_spaces(s, n, word + matched);
}

/* The canonical name and kind of the province that text[at..] opens with. */
static bool province_at(struct vnp_internal *in, const char *s, size_t n, size_t at,
                        place_match *m)
{
    size_t len = 0;
    const char *row = lexicon_prefix(in, "provinces.tsv", s + at, n - at, &len);
    if (!row)
        return false;
    const char *tab = strchr(row, '\t');
    m->canonical = tab ? arena_strndup(&in->mem, row, (size_t)(tab - row)) : row;
    m->kind = tab ? tab + 1 : "province";
    m->name_end = at + len;
    return m->canonical != NULL;
}

static bool word_start(const char *s, size_t i)
{
    return i == 0 || is_space(s[i - 1]) || s[i - 1] == '(' || s[i - 1] == ',';
}

/* One unit word at s[w..]: a province after a province word, or a local
 * unit (ward, commune, district, provincial city) noted. */
static void unit_word_at(struct vnp_internal *in, const char *s, size_t n, size_t w,
                         place_match *m)
{
    size_t len = 0;
    const char *level = lexicon_prefix(in, "place_units.tsv", s + w, n - w, &len);
    if (!level)
        return;
    size_t at = name_start(s, n, w, len);
    if (strcmp(level, "local") == 0) {
        if (!m->local) {
            m->local = true;
            m->local_name = at;
        }
        return;
    }
    place_match p = *m;
    if (m->found || at >= n || !province_at(in, s, n, at, &p))
        return;
    p.found = true;
    p.written_start = w;
    /* "thành phố" before a province's own name is its provincial city */
    if (strcmp(p.kind, "province") == 0 && !starts_with_ci(s + w, len, "tỉnh") && !p.local) {
        p.local = true;
        p.local_name = at;
    }
    *m = p;
}

void place_find(struct vnp_internal *in, const char *s, size_t n, place_match *m)
{
    memset(m, 0, sizeof *m);
    for (size_t i = 0; i < n; i++)
        if (!is_space(s[i]) && word_start(s, i))
            unit_word_at(in, s, n, i, m);
}

/* The province a whole lexicon row names ("TP.HCM", which has no word
 * boundary inside). */
static bool province_whole(struct vnp_internal *in, const char *s, size_t n, place_match *m)
{
    const char *row = lexicon_lookup(in, "provinces.tsv", s, n);
    const char *tab = row ? strchr(row, '\t') : NULL;
    if (!tab)
        return false;
    m->canonical = arena_strndup(&in->mem, row, (size_t)(tab - row));
    m->kind = tab + 1;
    m->name_end = n;
    return m->canonical != NULL;
}

/* A place line names the province without a unit word ("Đồng Nai, ngày
 * ...") or with one ("Thành phố Huế"); all of it must be the name. */
static bool place_line_province(struct vnp_internal *in, const char *s, place_match *m)
{
    size_t n = strlen(s);
    place_find(in, s, n, m);
    if (m->found && m->written_start == 0 && skip_spaces(s, n, m->name_end) == n)
        return true;
    memset(m, 0, sizeof *m);
    if (province_whole(in, s, n, m) ||
        (province_at(in, s, n, 0, m) && skip_spaces(s, n, m->name_end) == n))
        m->found = true;
    return m->found;
}

/* Whether y-m-d (0 for a part the document leaves blank) is before the
 * ISO day `iso`; false when the blank part would decide. */
static bool known_before(int y, int m, int d, const char *iso)
{
    int ey = atoi(iso), em = atoi(iso + 5), ed = atoi(iso + 8);
    if (!y || y != ey)
        return y && y < ey;
    if (!m || m != em)
        return m && m < em;
    return d && d < ed;
}

static const char *kind_of(struct vnp_internal *in, const char *name)
{
    const char *row = lexicon_lookup(in, "provinces.tsv", name, strlen(name));
    const char *tab = row ? strchr(row, '\t') : NULL;
    return tab ? tab + 1 : "province";
}

/* Fills name, former and kind from the canonical unit and the date. */
static void apply_mergers(vnp_document *doc, const char *unit)
{
    struct vnp_internal *in = doc->internal;
    vnp_province *p = &doc->province;
    const char *row = lexicon_lookup(in, "province_mergers.tsv", unit, strlen(unit));
    const char *tab = row ? strchr(row, '\t') : NULL;
    p->name = unit;
    if (tab) {
        char *now = arena_strndup(&in->mem, row, (size_t)(tab - row));
        bool renamed = now && strcmp(now, unit) != 0;
        if (now)
            p->name = now;
        if (renamed || known_before(doc->date.year, doc->date.month, doc->date.day, tab + 1))
            p->former = unit;
    }
    p->kind = kind_of(in, p->name);
}

static void set_province(vnp_document *doc, const place_match *m, const char *text,
                         size_t line, const char *source)
{
    struct vnp_internal *in = doc->internal;
    size_t end = m->name_end;
    while (end > m->written_start && strchr(" ,.-", text[end - 1]))
        end--;
    doc->province.written = arena_strndup(&in->mem, text + m->written_start,
                                          end - m->written_start);
    doc->province.source = source;
    doc->province.line = line;
    apply_mergers(doc, m->canonical);
}

/* A local body's place line often names the body's own ward or commune
 * ("UBND XÃ QUẢNG NINH" ... "Quảng Ninh, ngày ..."): that is no province. */
static bool names_local_unit(const vnp_document *doc, const char *place)
{
    const struct vnp_internal *in = doc->internal;
    if (!in->issuer_place.local || !in->issuer_place_text)
        return false;
    const char *local = in->issuer_place_text + in->issuer_place.local_name;
    return starts_with_ci(local, strlen(local), place);
}

void province_resolve(vnp_document *doc)
{
    struct vnp_internal *in = doc->internal;
    const place_match *im = &in->issuer_place;
    if (im->found) {
        set_province(doc, im, in->issuer_place_text, in->issuer_place_line, "issuer");
        return;
    }
    if (!doc->place || (doc->issuer.scope && strcmp(doc->issuer.scope, "national") == 0))
        return;
    place_match m;
    if (place_line_province(in, doc->place, &m) && !names_local_unit(doc, doc->place))
        set_province(doc, &m, doc->place, doc->date.line, "place");
}
