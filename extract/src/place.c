/* A province or centrally-run city named in a text ("TỈNH BẮC NINH",
 * "TP.HCM", "Thành phố Huế"), by the unit words of place_units.tsv and the
 * names of provinces.tsv. A shared test below the stages: the issuer stage
 * looks for the province in the issuer's name, the province stage in the
 * place line; it calls no stage. */
#include "internal.h"

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
    if (strcmp(p.kind, "province") == 0 && !listed_word_opens(in, "function_words.tsv", "province", s + w, len, NULL) && !p.local) {
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
bool place_line_find(struct vnp_internal *in, const char *s, place_match *m)
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
