/* What a .docx says about its paragraphs outside document.xml: the styles
 * (styles.xml: heading levels, bold, numbering a style brings) and the
 * automatic numbering (numbering.xml), rebuilt into the text as Word shows
 * it ("I.", "1.", "1.2.", "a)"). Counters belong to an abstract numbering,
 * so two lists that share one continue each other unless a list restarts
 * it (w:startOverride). Letters follow the Vietnamese alphabet (a b c d đ
 * e g h ...), as Vietnamese documents letter their points, where Word's own
 * run a b c d e f. */
#include "docx.h"

#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

/* ---- reading attributes ------------------------------------------------ */

static bool is_w(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static const xmlNode *child(const xmlNode *n, const char *name)
{
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (is_w(c, name))
            return c;
    return NULL;
}

/* The w:val attribute (any prefix) copied into buf, or NULL. */
static const char *val_of(const xmlNode *n, char *buf, size_t cap)
{
    for (const xmlAttr *a = n ? n->properties : NULL; a; a = a->next)
        if (strcmp((const char *)a->name, "val") == 0 && a->children && a->children->content) {
            snprintf(buf, cap, "%s", (const char *)a->children->content);
            return buf;
        }
    return NULL;
}

static const char *attr_of(const xmlNode *n, const char *name, char *buf, size_t cap)
{
    for (const xmlAttr *a = n ? n->properties : NULL; a; a = a->next)
        if (strcmp((const char *)a->name, name) == 0 && a->children && a->children->content) {
            snprintf(buf, cap, "%s", (const char *)a->children->content);
            return buf;
        }
    return NULL;
}

static long number_of(const char *s, long fallback)
{
    if (!s || !*s)
        return fallback;
    char *end = NULL;
    long v = strtol(s, &end, 10);
    return end && *end == '\0' ? v : fallback;
}

/* <w:b/>, <w:b w:val="1|true|on"/>: on; w:val="0|false|off|none": off. */
bool docx_on_off(const char *val)
{
    return !val || !(strcmp(val, "0") == 0 || strcmp(val, "false") == 0 ||
                     strcmp(val, "off") == 0 || strcmp(val, "none") == 0);
}

/* ---- styles ------------------------------------------------------------ */

static void read_style(docx_styles *st, const xmlNode *n)
{
    if (st->count == DOCX_MAX_STYLES)
        return;
    char buf[128];
    docx_style *s = &st->items[st->count];
    memset(s, 0, sizeof *s);
    s->outline = -1;
    s->ilvl = -1;
    if (!attr_of(n, "styleId", s->id, sizeof s->id))
        return;
    const xmlNode *name = child(n, "name");
    if (val_of(child(n, "basedOn"), s->based_on, sizeof s->based_on) == NULL)
        s->based_on[0] = '\0';
    if (val_of(name, buf, sizeof buf)) {
        /* "heading 2", "Heading 2": the built-in heading styles */
        if (starts_with_ci(buf, strlen(buf), "heading ") && buf[8] >= '1' && buf[8] <= '9' &&
            !buf[9])
            s->outline = buf[8] - '1';
    }
    const xmlNode *ppr = child(n, "pPr");
    const char *v = val_of(child(ppr, "outlineLvl"), buf, sizeof buf);
    if (v)
        s->outline = (int)number_of(v, -1);
    const xmlNode *numpr = child(ppr, "numPr");
    if (numpr) {
        s->num_id = number_of(val_of(child(numpr, "numId"), buf, sizeof buf), 0);
        s->ilvl = (int)number_of(val_of(child(numpr, "ilvl"), buf, sizeof buf), 0);
        s->has_num = true;
    }
    const xmlNode *b = child(child(n, "rPr"), "b");
    if (b) {
        s->bold = docx_on_off(val_of(b, buf, sizeof buf)) ? 1 : 0;
        s->has_bold = true;
    }
    st->count++;
}

void docx_styles_read(docx_styles *st, const xmlDoc *xml)
{
    const xmlNode *root = xmlDocGetRootElement((xmlDoc *)xml);
    for (const xmlNode *c = root ? root->children : NULL; c; c = c->next)
        if (is_w(c, "style"))
            read_style(st, c);
}

static const docx_style *style_find(const docx_styles *st, const char *id)
{
    for (size_t i = 0; id && *id && i < st->count; i++)
        if (strcmp(st->items[i].id, id) == 0)
            return &st->items[i];
    return NULL;
}

/* What a style gives a paragraph, its own settings first, then those of
 * the styles it is based on (16 deep at most: a loop ends there). */
void docx_style_resolve(const docx_styles *st, const char *id, docx_para_props *out)
{
    bool got_outline = false, got_num = false, got_bold = false;
    const docx_style *s = style_find(st, id);
    for (int depth = 0; s && depth < 16; depth++, s = style_find(st, s->based_on)) {
        if (!got_outline && s->outline >= 0) {
            out->outline = s->outline;
            got_outline = true;
        }
        if (!got_num && s->has_num) {
            out->num_id = s->num_id;
            out->ilvl = s->ilvl;
            got_num = true;
        }
        if (!got_bold && s->has_bold) {
            out->bold = s->bold;
            got_bold = true;
        }
    }
}

/* ---- numbering --------------------------------------------------------- */

static void read_level(docx_level *l, const xmlNode *n)
{
    char buf[64];
    l->start = number_of(val_of(child(n, "start"), buf, sizeof buf), 1);
    if (!val_of(child(n, "numFmt"), l->fmt, sizeof l->fmt))
        snprintf(l->fmt, sizeof l->fmt, "decimal");
    if (!val_of(child(n, "lvlText"), l->text, sizeof l->text))
        l->text[0] = '\0';
    l->no_suffix = val_of(child(n, "suff"), buf, sizeof buf) && strcmp(buf, "nothing") == 0;
    l->restart = (int)number_of(val_of(child(n, "lvlRestart"), buf, sizeof buf), -1);
    l->legal = child(n, "isLgl") != NULL;
    l->defined = true;
}

static void read_abstract(docx_numbering *nb, const xmlNode *n)
{
    if (nb->abstract_count == DOCX_MAX_LISTS)
        return;
    char buf[64];
    docx_abstract *a = &nb->abstracts[nb->abstract_count];
    memset(a, 0, sizeof *a);
    a->id = number_of(attr_of(n, "abstractNumId", buf, sizeof buf), -1);
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (!is_w(c, "lvl"))
            continue;
        long k = number_of(attr_of(c, "ilvl", buf, sizeof buf), -1);
        if (k >= 0 && k < DOCX_LEVELS)
            read_level(&a->levels[k], c);
    }
    nb->abstract_count++;
}

static void read_num(docx_numbering *nb, const xmlNode *n)
{
    if (nb->num_count == DOCX_MAX_LISTS)
        return;
    char buf[64];
    docx_num *m = &nb->nums[nb->num_count];
    memset(m, 0, sizeof *m);
    m->id = number_of(attr_of(n, "numId", buf, sizeof buf), -1);
    m->abstract = number_of(val_of(child(n, "abstractNumId"), buf, sizeof buf), -1);
    for (int k = 0; k < DOCX_LEVELS; k++)
        m->start_override[k] = -1;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (!is_w(c, "lvlOverride"))
            continue;
        long k = number_of(attr_of(c, "ilvl", buf, sizeof buf), -1);
        if (k < 0 || k >= DOCX_LEVELS)
            continue;
        const char *v = val_of(child(c, "startOverride"), buf, sizeof buf);
        if (v)
            m->start_override[k] = number_of(v, 1);
        const xmlNode *lvl = child(c, "lvl");
        if (lvl) {
            read_level(&m->level_override[k], lvl);
            if (!v && m->start_override[k] < 0)
                m->start_override[k] = m->level_override[k].start;
        }
    }
    nb->num_count++;
}

void docx_numbering_read(docx_numbering *nb, const xmlDoc *xml)
{
    const xmlNode *root = xmlDocGetRootElement((xmlDoc *)xml);
    for (const xmlNode *c = root ? root->children : NULL; c; c = c->next) {
        if (is_w(c, "abstractNum"))
            read_abstract(nb, c);
        else if (is_w(c, "num"))
            read_num(nb, c);
    }
}

/* ---- labels ------------------------------------------------------------ */

static const char *const vn_lower[] = {"a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m",
                                       "n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y"};
static const char *const vn_upper[] = {"A", "B", "C", "D", "Đ", "E", "G", "H", "I", "K", "L", "M",
                                       "N", "O", "P", "Q", "R", "S", "T", "U", "V", "X", "Y"};

static void put_letter(strbuf *b, long n, const char *const *alphabet)
{
    size_t count = sizeof vn_lower / sizeof vn_lower[0];
    size_t i = (size_t)(n - 1) % count, times = (size_t)(n - 1) / count + 1;
    for (size_t k = 0; k < times && k < 8; k++)
        sb_puts(b, alphabet[i]);
}

static void put_roman(strbuf *b, long n, bool upper)
{
    static const struct {
        int value;
        const char *up, *low;
    } digits[] = {{1000, "M", "m"}, {900, "CM", "cm"}, {500, "D", "d"}, {400, "CD", "cd"},
                  {100, "C", "c"},  {90, "XC", "xc"},  {50, "L", "l"},  {40, "XL", "xl"},
                  {10, "X", "x"},   {9, "IX", "ix"},   {5, "V", "v"},   {4, "IV", "iv"},
                  {1, "I", "i"}};
    for (size_t k = 0; k < sizeof digits / sizeof digits[0] && n > 0; k++)
        while (n >= digits[k].value) {
            sb_puts(b, upper ? digits[k].up : digits[k].low);
            n -= digits[k].value;
        }
}

/* Counter n in format fmt. */
static void put_number(strbuf *b, long n, const char *fmt, bool legal)
{
    if (n < 1 && strcmp(fmt, "decimal") != 0 && strcmp(fmt, "decimalZero") != 0)
        n = 1;
    if (n > 3999 && (strcmp(fmt, "upperRoman") == 0 || strcmp(fmt, "lowerRoman") == 0))
        fmt = "decimal";
    if (legal)
        fmt = "decimal";
    if (strcmp(fmt, "upperRoman") == 0 || strcmp(fmt, "lowerRoman") == 0)
        put_roman(b, n, fmt[0] == 'u');
    else if (strcmp(fmt, "lowerLetter") == 0)
        put_letter(b, n, vn_lower);
    else if (strcmp(fmt, "upperLetter") == 0)
        put_letter(b, n, vn_upper);
    else if (strcmp(fmt, "decimalZero") == 0)
        sb_printf(b, "%s%ld", n >= 0 && n < 10 ? "0" : "", n);
    else
        sb_printf(b, "%ld", n); /* decimal, and the forms not rebuilt here */
}

static docx_abstract *abstract_find(docx_numbering *nb, long id)
{
    for (size_t i = 0; i < nb->abstract_count; i++)
        if (nb->abstracts[i].id == id)
            return &nb->abstracts[i];
    return NULL;
}

static docx_num *num_find(docx_numbering *nb, long id)
{
    for (size_t i = 0; i < nb->num_count; i++)
        if (nb->nums[i].id == id)
            return &nb->nums[i];
    return NULL;
}

static const docx_level *level_of(const docx_num *m, const docx_abstract *a, int k)
{
    return m->level_override[k].defined ? &m->level_override[k] : &a->levels[k];
}

/* Advances the counters of list num_id at level ilvl and writes the label
 * as Word shows it ("II.", "2.1.", "b)", "-" for a bullet) with the space
 * after it into out; nothing when the paragraph is not numbered. */
void docx_label(docx_numbering *nb, long num_id, int ilvl, strbuf *out)
{
    docx_num *m = num_id > 0 ? num_find(nb, num_id) : NULL;
    docx_abstract *a = m ? abstract_find(nb, m->abstract) : NULL;
    if (!a || ilvl < 0 || ilvl >= DOCX_LEVELS)
        return;
    if (!m->used) { /* a list that restarts the abstract numbering's counters */
        m->used = true;
        for (int k = 0; k < DOCX_LEVELS; k++)
            if (m->start_override[k] >= 0) {
                a->counter[k] = m->start_override[k] - 1;
                a->started[k] = true;
            }
    }
    const docx_level *lv = level_of(m, a, ilvl);
    if (!a->started[ilvl]) {
        a->counter[ilvl] = lv->start;
        a->started[ilvl] = true;
    } else if (a->counter[ilvl] < 1000000) {
        a->counter[ilvl]++;
    }
    for (int k = ilvl + 1; k < DOCX_LEVELS; k++)
        if (level_of(m, a, k)->restart != 0)
            a->started[k] = false;
    if (strcmp(lv->fmt, "bullet") == 0) {
        sb_puts(out, "- ");
        return;
    }
    if (strcmp(lv->fmt, "none") == 0 || !lv->text[0])
        return;
    size_t before = out->len;
    for (const char *s = lv->text; *s; s++) {
        if (s[0] == '%' && s[1] >= '1' && s[1] <= '9') {
            int k = s[1] - '1';
            const docx_level *ref = level_of(m, a, k);
            long n = a->started[k] || k == ilvl ? a->counter[k] : ref->start;
            put_number(out, n, ref->fmt, lv->legal && k != ilvl);
            s++;
        } else {
            sb_putc(out, *s);
        }
    }
    if (out->len > before && !lv->no_suffix)
        sb_putc(out, ' ');
}
