/* Province stage: the province or centrally-run city a document belongs
 * to, from the issuer's name ("ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI") or else
 * the place-and-date line ("TP. Hồ Chí Minh, ngày ..."), brought to one
 * canonical name and through the 2025 mergers (province_mergers.tsv) to
 * the province it belongs to today. A national body has none. The names
 * are found by place.c, which the issuer stage uses too. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

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
static bool names_local_unit(const issuer_place_product *issuer_place, const char *place)
{
    if (!issuer_place->place.local || !issuer_place->text)
        return false;
    const char *local = issuer_place->text + issuer_place->place.local_name;
    return starts_with_ci(local, strlen(local), place);
}

vnp_status province_resolve(vnp_document *doc, const issuer_place_product *issuer_place)
{
    const place_match *im = &issuer_place->place;
    place_match m;
    if (im->found)
        set_province(doc, im, issuer_place->text, issuer_place->line, "issuer");
    else if (doc->place && !(doc->issuer.scope && strcmp(doc->issuer.scope, "national") == 0) &&
             place_line_find(doc->internal, doc->place, &m) &&
             !names_local_unit(issuer_place, doc->place))
        set_province(doc, &m, doc->place, doc->date.line, "place");
    return stage_status(doc);
}
