/* Normalisation stage: one pass per line, done once where text enters.
 *
 * - Unicode NFC (utf8proc), paid only by lines that need it;
 * - character repairs: Ð (U+00D0) for Đ, odd spaces to space, invisible
 *   characters removed, characters XML forbids replaced;
 * - converter markup removed (markdown emphasis and headings, known HTML
 *   tags, entities), recording what it meant as line flags;
 * - <sup>N</sup> kept as a footnote marker.
 * Later stages rely on valid NFC text without markup. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

/* ---- code point repairs ------------------------------------------------ */

/* Returns the replacement for cp: -1 to drop it, cp itself to keep it. */
static int32_t repair_cp(int32_t cp)
{
    switch (cp) {
    case 0x00D0: return 0x0110; /* Ð (Icelandic eth) typed for Đ */
    case 0x00F0: return 0x0111;
    case 0x00A0: case 0x202F: case 0x205F: case 0x3000: case 0x1680:
        return ' ';
    case 0x00AD: case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF:
        return -1;
    case 0xFFFE: case 0xFFFF:
        return 0xFFFD;
    default: break;
    }
    if (cp >= 0x2000 && cp <= 0x200A)
        return ' ';
    if (cp < 0x20 && cp != '\t' && cp != '\n')
        return ' '; /* C0 controls are not allowed in XML 1.0 */
    if (cp >= 0x7F && cp <= 0x9F)
        return ' ';
    return cp;
}

static utf8proc_int32_t repair_cb(utf8proc_int32_t cp, void *data)
{
    (void)data;
    int32_t r = repair_cp(cp);
    return r < 0 ? 0x200B : r; /* dropped after mapping (see below) */
}

/* Bytes of the UTF-8 sequence at s when it is a letter that Vietnamese
 * text is made of and that neither NFC nor repair_cp() changes, else 0:
 * U+00C0-U+027F but Ð and ð, and U+1E00-U+1EFF. Most characters of a line
 * are decided here, from their bytes alone. */
static size_t plain_letter(const unsigned char *s, size_t n)
{
    if (n >= 2 && s[0] >= 0xC3 && s[0] <= 0xC9)
        return s[0] == 0xC3 && (s[1] == 0x90 || s[1] == 0xB0) ? 0 : 2;
    if (n >= 3 && s[0] == 0xE1 && s[1] >= 0xB8 && s[1] <= 0xBB)
        return 3;
    /* and the punctuation U+2010-U+2027 (dashes, quotes, bullets, "…") */
    if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 && s[2] >= 0x90 && s[2] <= 0xA7)
        return 3;
    return 0;
}

/* Does the non-ASCII character at s need the full pass (line_needs_map)?
 * *w gets its length. */
static bool char_needs_map(const unsigned char *s, size_t n, size_t *w)
{
    *w = plain_letter(s, n);
    if (*w)
        return false;
    int32_t cp = utf8_decode((const char *)s, n, w);
    if (repair_cp(cp) != cp)
        return true;
    const utf8proc_property_t *p = utf8proc_get_property(cp);
    return p->combining_class != 0 || p->comp_exclusion;
}

/* A line needs the full utf8proc pass when it holds a combining mark, a
 * character NFC would change, or one that repair_cp() changes. */
static bool line_needs_map(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned char c = u[i];
        if (c < 0x80) {
            if ((c < 0x20 && c != '\t') || c == 0x7F)
                return true;
            i++;
            continue;
        }
        size_t w;
        if (char_needs_map(u + i, n - i, &w))
            return true;
        i += w;
    }
    return false;
}

/* utf8proc_map_custom() with the buffer from mem_alloc (so the document's
 * allocator serves it): the code points are decomposed into it, then
 * recomposed and written back as UTF-8 in place, as utf8proc does. */
static utf8proc_ssize_t map_custom(const utf8proc_uint8_t *s, utf8proc_ssize_t n,
                                   utf8proc_uint8_t **out, utf8proc_option_t options)
{
    *out = NULL;
    utf8proc_ssize_t r = utf8proc_decompose_custom(s, n, NULL, 0, options, repair_cb, NULL);
    if (r < 0)
        return r;
    utf8proc_int32_t *buf = mem_alloc((size_t)r * sizeof *buf + 1);
    if (!buf)
        return UTF8PROC_ERROR_NOMEM;
    r = utf8proc_decompose_custom(s, n, buf, r, options, repair_cb, NULL);
    if (r >= 0)
        r = utf8proc_reencode(buf, r, options);
    if (r < 0) {
        mem_free(buf);
        return r;
    }
    *out = (utf8proc_uint8_t *)buf;
    return r;
}

/* NFC plus repairs into a new string (mem_free it); NULL when out of memory. */
static char *map_line(const char *s, size_t n, size_t *out_len)
{
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t r = map_custom((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &mapped,
                                    UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (r < 0)
        return NULL;
    /* drop the zero-width spaces that stand for removed characters */
    size_t o = 0;
    for (size_t i = 0; i < (size_t)r;) {
        if (i + 2 < (size_t)r + 0 && mapped[i] == 0xE2 && mapped[i + 1] == 0x80 &&
            mapped[i + 2] == 0x8B) {
            i += 3;
            continue;
        }
        mapped[o++] = mapped[i++];
    }
    mapped[o] = '\0';
    *out_len = o;
    return (char *)mapped;
}

/* ---- markup --------------------------------------------------------- */

static const char *const html_tags[] = {
    "b", "i", "u", "p", "br", "ul", "ol", "li", "sub", "sup", "span", "div", "strong", "em",
    "table", "tr", "td", "th", "tbody", "thead", "font", "a", "hr", "s", "strike", "center",
    "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "small", "big", NULL};

/* If s starts an HTML tag we know, returns its length and the tag name. */
static size_t html_tag_at(const char *s, size_t n, char name[16], bool *closing)
{
    if (n < 3 || s[0] != '<')
        return 0;
    size_t i = 1;
    *closing = s[i] == '/';
    if (*closing)
        i++;
    size_t k = 0;
    while (i < n && k < 15 && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
                               (s[i] >= '0' && s[i] <= '9')))
        name[k++] = (char)(s[i++] | 0x20);
    name[k] = '\0';
    if (k == 0 || i >= n || !(s[i] == '>' || s[i] == ' ' || s[i] == '/'))
        return 0;
    bool known = false;
    for (size_t t = 0; html_tags[t]; t++)
        known = known || strcmp(html_tags[t], name) == 0;
    if (!known)
        return 0;
    for (size_t end = i; end < n && end < i + 512; end++)
        if (s[end] == '>')
            return end + 1;
    return 0;
}

static const struct {
    const char *name;
    const char *text;
} entities[] = {{"amp", "&"},  {"lt", "<"},   {"gt", ">"},     {"quot", "\""},
                {"apos", "'"}, {"nbsp", " "}, {"ndash", "–"}, {"mdash", "—"},
                {NULL, NULL}};

/* If s starts an HTML entity, appends its text and returns its length. */
static size_t entity_at(const char *s, size_t n, strbuf *out)
{
    size_t end = 1;
    while (end < n && end < 12 && s[end] != ';')
        end++;
    if (end >= n || s[end] != ';' || end < 2)
        return 0;
    if (s[1] == '#') {
        bool hex = end > 2 && (s[2] == 'x' || s[2] == 'X');
        char *stop = NULL;
        long cp = strtol(s + (hex ? 3 : 2), &stop, hex ? 16 : 10);
        if (stop != s + end || cp <= 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        int32_t r = repair_cp((int32_t)cp);
        if (r >= 0) {
            char buf[4];
            sb_append(out, buf, utf8_encode(r, buf));
        }
        return end + 1;
    }
    for (size_t e = 0; entities[e].name; e++) {
        size_t len = strlen(entities[e].name);
        if (len == end - 1 && memcmp(s + 1, entities[e].name, len) == 0) {
            sb_puts(out, entities[e].text);
            return end + 1;
        }
    }
    return 0;
}

/* A bold span longer than this many lines is a stray ** and is dropped. */
#define BOLD_MAX_LINES 8

typedef struct markup_state {
    bool in_bold;      /* a ** opened on an earlier line is still open */
    size_t bold_lines; /* lines the open span has lasted */
} markup_state;

/* What a line's emphasis tokens say. */
typedef struct emphasis {
    size_t bold_runs;     /* ** runs seen */
    bool starts_bold;     /* first token was ** or <b> */
    bool ends_bold;       /* last token was ** or </b> */
    bool starts_italic, ends_italic;
    bool saw_text;        /* text emitted since the last emphasis token */
} emphasis;

typedef struct line_scan {
    strbuf text;
    strbuf markers;
    strbuf marker_at;     /* size_t offsets in text where inline markers stood */
    strbuf footnote;
    emphasis em;
    bool untidy;          /* white space that tidy_spaces() must fold */
    const uint64_t *marks; /* the triage's, the line's bytes from marks_at on;
                            * NULL when they are not its bytes (mapped) */
    size_t marks_at;
    bool no_tab;          /* known to give a text without tabs */
} line_scan;

static size_t next_set(const uint64_t *bits, size_t from, size_t len);

/* Appends s[0..n) to the line's text: in place while its buffer has room
 * (it serves every line, so it soon has), else by sb_append(). The text
 * gets its NUL when the line ends (finish_line). */
static void text_append(line_scan *ls, const char *s, size_t n)
{
    strbuf *t = &ls->text;
    if (t->len + n >= t->cap) {
        sb_append(t, s, n);
        return;
    }
    memcpy(t->data + t->len, s, n);
    t->len += n;
}

/* Reads <sup>N</sup> at s; the marker goes to the footnote (at line start)
 * or to the inline markers. Returns bytes consumed, 0 if not a marker. */
static size_t sup_marker(const char *s, size_t n, line_scan *ls)
{
    const char *close = NULL;
    for (size_t i = 5; i + 6 <= n && i < 40; i++)
        if (strncmp(s + i, "</sup>", 6) == 0) {
            close = s + i;
            break;
        }
    if (!close)
        return 0;
    const char *m = s + 5;
    size_t mlen = (size_t)(close - m);
    while (mlen && *m == ' ')
        m++, mlen--;
    while (mlen && m[mlen - 1] == ' ')
        mlen--;
    if (mlen == 0)
        return (size_t)(close - s) + 6;
    if (ls->text.len == 0) {
        sb_append(&ls->footnote, m, mlen);
    } else {
        if (ls->markers.len)
            sb_putc(&ls->markers, ' ');
        sb_append(&ls->markers, m, mlen);
        size_t at = ls->text.len; /* the marker ends the word before it */
        sb_append(&ls->marker_at, (const char *)&at, sizeof at);
    }
    return (size_t)(close - s) + 6;
}

/* What the run of '*' at s[i] does to the emphasis (text_empty: no text
 * before it yet); returns its length. Emphasis runs vanish; a '*' between
 * brackets such as "(*)" is text (*bracketed), kept as it is. Inline: a
 * call each would cost a run more than it takes. */
static inline size_t star_token(const char *s, size_t n, size_t i, bool text_empty, emphasis *e,
                                bool *bracketed)
{
    size_t k = i;
    while (k < n && s[k] == '*')
        k++;
    size_t run = k - i;
    *bracketed = i > 0 && s[i - 1] == '(' && k < n && s[k] == ')';
    if (*bracketed) {
        e->saw_text = true;
        return run;
    }
    bool at_start = !e->saw_text && text_empty;
    if (run >= 2) {
        e->bold_runs++;
        if (at_start)
            e->starts_bold = true;
    }
    if (run == 1 || run == 3) {
        if (at_start)
            e->starts_italic = true;
    }
    e->ends_bold = run >= 2;
    e->ends_italic = run == 1 || run == 3;
    e->saw_text = false;
    return run;
}

/* star_token() of the run at s[i] in the line's scan; returns its length. */
static size_t star_run(const char *s, size_t n, size_t i, line_scan *ls)
{
    bool bracketed;
    size_t run = star_token(s, n, i, ls->text.len == 0, &ls->em, &bracketed);
    if (bracketed)
        text_append(ls, s + i, run);
    return run;
}

/* Bytes that may start markup; white space is text that does not end an
 * emphasis run. */
enum { MARKUP_START = 1, BLANK = 2 };
static const unsigned char byte_class[256] = {
    ['*'] = MARKUP_START, ['<'] = MARKUP_START, ['&'] = MARKUP_START,
    ['\\'] = MARKUP_START, [' '] = BLANK, ['\t'] = BLANK};

/* The end of the run of text after s[i] (the next byte that may start
 * markup, or n), a byte at a time; *doubled and *text as plain_run() says.
 * Classes are 0 or BLANK here: k & prev is BLANK for two blanks in a row,
 * k ^ BLANK is not 0 for a byte of text. */
static size_t run_by_bytes(const char *s, size_t n, size_t i, unsigned *doubled, unsigned *text)
{
    unsigned prev = byte_class[(unsigned char)s[i]] & BLANK, k;
    size_t run = i + 1;
    for (; run < n; run++, prev = k) {
        k = byte_class[(unsigned char)s[run]];
        if (k == MARKUP_START)
            break;
        *doubled |= k & prev;
        *text |= k ^ BLANK;
    }
    return run;
}

/* run_by_bytes() from the triage's marks: every byte that may start markup
 * is marked, and so is every blank that may follow a blank (a space after
 * one, a tab wherever it stands), so only the marked bytes are looked at;
 * a byte of text is looked for from the run's start, where one stands
 * but in a run of blanks. */
static size_t run_by_marks(const char *s, size_t n, size_t i, const line_scan *ls,
                           unsigned *doubled, unsigned *text)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t at = ls->marks_at, end = n;
    for (size_t p = next_set(ls->marks, at + i + 1, at + n) - at; p < n;
         p = next_set(ls->marks, at + p + 1, at + n) - at) {
        unsigned k = byte_class[u[p]];
        if (k == MARKUP_START) {
            end = p;
            break;
        }
        *doubled |= k & byte_class[u[p - 1]] & BLANK;
    }
    size_t j = i + 1;
    while (j < end && byte_class[u[j]] == BLANK)
        j++;
    *text |= j < end;
    return end;
}

/* Appends the text from s[i] (taken whatever it is: an escaped or
 * unmatched markup byte) up to the next byte that may start markup;
 * returns where it stopped. */
static size_t plain_run(const char *s, size_t n, size_t i, line_scan *ls)
{
    /* white space at the start of the line or next to other white space is
     * what tidy_spaces() would change: note it, so clean lines skip that
     * pass */
    const strbuf *t = &ls->text;
    unsigned prev = t->len == 0 ? BLANK : byte_class[(unsigned char)t->data[t->len - 1]];
    unsigned k = byte_class[(unsigned char)s[i]] & BLANK, doubled = k & prev, text = k ^ BLANK;
    size_t run = ls->marks ? run_by_marks(s, n, i, ls, &doubled, &text)
                           : run_by_bytes(s, n, i, &doubled, &text);
    ls->untidy = ls->untidy || doubled;
    text_append(ls, s + i, run - i);
    if (text) {
        ls->em.saw_text = true;
        ls->em.ends_bold = ls->em.ends_italic = false;
    }
    return run;
}

static void scan_markup(const char *s, size_t n, line_scan *ls)
{
    for (size_t i = 0; i < n;) {
        char c = s[i];
        if (c == '*') {
            i += star_run(s, n, i, ls);
            continue;
        }
        if (c == '<') {
            if (n - i > 5 && strncmp(s + i, "<sup>", 5) == 0) {
                size_t used = sup_marker(s + i, n - i, ls);
                if (used) {
                    i += used;
                    continue;
                }
            }
            char name[16];
            bool closing;
            size_t used = html_tag_at(s + i, n - i, name, &closing);
            if (used) {
                if (strcmp(name, "b") == 0 || strcmp(name, "strong") == 0) {
                    if (!closing && ls->text.len == 0)
                        ls->em.starts_bold = true;
                    ls->em.ends_bold = closing;
                    ls->em.saw_text = false;
                } else if (strcmp(name, "br") == 0 || strcmp(name, "p") == 0 ||
                           strcmp(name, "li") == 0) {
                    sb_putc(&ls->text, ' ');
                    ls->untidy = true;
                }
                i += used;
                continue;
            }
        }
        if (c == '&') {
            size_t before = ls->text.len;
            size_t used = entity_at(s + i, n - i, &ls->text);
            if (used) {
                ls->untidy = true; /* &nbsp; is a space */
                if (ls->text.len > before && ls->text.data[before] == '\t')
                    ls->no_tab = false; /* &#9; */
                i += used;
                ls->em.saw_text = true;
                continue;
            }
        }
        if (c == '\\' && i + 1 < n && strchr("*#-_.()[]+`|\\", s[i + 1])) {
            i++; /* markdown escape: keep the character, drop the backslash */
            c = s[i];
        }
        i = plain_run(s, n, i, ls);
    }
}

/* Cuts the spaces at the end of s (a line without other white space to
 * fold); returns the new length. */
static size_t trim_end(char *s, size_t n)
{
    while (n > 0 && s[n - 1] == ' ')
        n--;
    s[n] = '\0';
    return n;
}

/* Trims spaces (not tabs: a leading tab is an empty first cell) and folds
 * runs of spaces; returns the new length. */
static size_t tidy_spaces(char *s, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ' ' && (o == 0 || s[o - 1] == ' ' || s[o - 1] == '\t'))
            continue;
        if (s[i] == '\t' && o > 0 && s[o - 1] == ' ')
            o--;
        s[o++] = s[i];
    }
    return trim_end(s, o);
}

/* The bytes of the code point that starts at s[i] when it is a letter or
 * digit a letter-spaced heading can hold (an ASCII capital or digit, or any
 * character past U+00BF: the Vietnamese letters), else 0. */
static size_t spaced_char(const unsigned char *s, size_t n, size_t i)
{
    unsigned char c = s[i];
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return 1;
    size_t w = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC3 ? 2 : 0;
    return w && i + w <= n ? w : 0;
}

/* A heading typed letter by letter ("K Ế  H O Ạ C H", words two spaces
 * apart) is written as its words ("KẾ HOẠCH"), so that the header and the
 * lexicons read it. Only a line made of four or more single characters,
 * three of them letters, with at least one gap of two spaces, is one: a run of single letters one
 * space apart ("A B C D") may be a list, and where its words end is not
 * known. Returns the new length. */
static size_t join_spaced_letters(char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, letters = 0, digits = 0;
    bool wide_gap = false;
    while (i < n && u[i] == ' ')
        i++;
    while (i < n) {
        size_t w = spaced_char(u, n, i);
        if (!w || (i + w < n && u[i + w] != ' '))
            return n;
        letters++;
        digits += u[i] >= '0' && u[i] <= '9';
        i += w;
        size_t gap = 0;
        while (i < n && u[i] == ' ')
            i++, gap++;
        wide_gap = wide_gap || (gap >= 2 && i < n);
    }
    if (letters < 4 || letters - digits < 3 || !wide_gap) /* "1 2  3 4" is numbers */
        return n;
    size_t o = 0;
    for (i = 0; i < n;) {
        size_t gap = 0;
        while (i < n && u[i] == ' ')
            i++, gap++;
        if (gap >= 2 && o > 0 && i < n)
            s[o++] = ' ';
        size_t w = i < n ? spaced_char(u, n, i) : 0;
        memmove(s + o, s + i, w);
        o += w;
        i += w;
    }
    s[o] = '\0';
    return o;
}

static uint8_t leading_hashes(const char *s, size_t n, size_t *skip)
{
    size_t i = 0;
    while (i < n && s[i] == ' ')
        i++;
    size_t h = 0;
    while (i + h < n && s[i + h] == '#' && h < 7)
        h++;
    if (h == 0 || h > 6 || (i + h < n && s[i + h] != ' '))
        return 0;
    *skip = i + h;
    return (uint8_t)h;
}

static unsigned emphasis_flags(const emphasis *e, markup_state *st)
{
    unsigned f = 0;
    bool open_at_start = st->in_bold || e->starts_bold;
    if (e->bold_runs % 2 == 1)
        st->in_bold = !st->in_bold;
    if (open_at_start && (e->ends_bold || st->in_bold))
        f |= LINE_BOLD;
    if (st->in_bold && e->bold_runs % 2 == 1)
        f |= LINE_BOLD_OPEN;
    else if (!st->in_bold && e->bold_runs % 2 == 1)
        f |= LINE_BOLD_CLOSE;
    if (e->starts_italic && e->ends_italic)
        f |= LINE_ITALIC;
    return f;
}

line_extra *line_extra_of(arena *a, vec *extras, size_t i)
{
    line_extra_entry *last = extras->count ? (line_extra_entry *)extras->items + extras->count - 1
                                           : NULL;
    if (last && last->index == i)
        return last->extra;
    line_extra *x = arena_alloc(a, sizeof *x);
    line_extra_entry *e = x ? vec_push(a, extras) : NULL;
    if (!e)
        return NULL;
    *e = (line_extra_entry){i, x};
    return x;
}

const line_extra *line_extra_at(const lines_product *lines, size_t i)
{
    size_t lo = 0, hi = lines->extra_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (lines->extras[mid].index < i)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < lines->extra_count && lines->extras[lo].index == i ? lines->extras[lo].extra
                                                                     : NULL;
}

/* The places of the line's inline markers, each within its text of len
 * bytes (the end trimmed). */
static void keep_marker_places(arena *a, line_extra *x, const line_scan *ls, size_t len)
{
    size_t count = ls->marker_at.len / sizeof(size_t);
    size_t *at = arena_alloc(a, count * sizeof *at);
    if (!at)
        return;
    memcpy(at, ls->marker_at.data, count * sizeof *at);
    for (size_t k = 0; k < count; k++)
        at[k] = at[k] < len ? at[k] : len;
    x->marker_at = at;
    x->marker_at_count = count;
}

/* home: the line's own bytes in the input text, room of them before the
 * byte that ended it. Markup and folded white space only take bytes out,
 * so the text goes back there but when NFC made it longer. */
static vnp_status finish_line(vnp_document *doc, src_line *ln, line_scan *ls, char *home,
                              size_t room, vec *extras)
{
    arena *a = &doc->internal->mem;
    sb_append(&ls->text, "", 0); /* makes sure data exists */
    if (ls->text.failed)
        return VNP_ERR_NOMEM;
    size_t len = ls->text.len;
    if (ls->untidy) /* letter spacing has doubled spaces between its words */
        len = tidy_spaces(ls->text.data, join_spaced_letters(ls->text.data, len));
    else
        len = trim_end(ls->text.data, len);
    char *text = len <= room ? home : arena_chars(a, len);
    if (text) {
        memcpy(text, ls->text.data, len);
        text[len] = '\0';
    }
    ln->text = text;
    ln->len = (uint32_t)len; /* at most VNP_MAX_LINE_BYTES */
    line_extra *x = ls->markers.len || ls->footnote.len ? line_extra_of(a, extras, ln->no - 1)
                                                        : NULL;
    if (x)
        ln->flags |= LINE_EXTRA;
    if (x && ls->markers.len)
        x->inline_markers = arena_strndup(a, ls->markers.data, ls->markers.len);
    /* letter spacing moves the text's bytes: the markers' places are lost */
    if (x && ls->marker_at.len && !ls->untidy)
        keep_marker_places(a, x, ls, len);
    if (x && ls->footnote.len) {
        x->footnote_marker = arena_strndup(a, ls->footnote.data, ls->footnote.len);
        ln->flags |= LINE_FOOTNOTE;
    }
    if (ls->text.failed || ls->markers.failed || ls->marker_at.failed || ls->footnote.failed ||
        a->failed)
        return VNP_ERR_NOMEM;
    bool only_tabs = ls->no_tab ? len == 0 : strspn(ln->text, "\t") == len;
    if (only_tabs && !(ln->flags & LINE_FOOTNOTE))
        ln->flags |= LINE_BLANK;
    else if (!ls->no_tab && memchr(ln->text, '\t', len))
        ln->flags |= LINE_CELLS;
    if (len == 1 && ln->text[0] == '|')
        ln->flags |= LINE_PIPE;
    return VNP_OK;
}

/* Empties ls for the next line, keeping its buffers' memory. */
static void line_scan_reset(line_scan *ls)
{
    line_scan empty = {.text = ls->text, .markers = ls->markers, .marker_at = ls->marker_at,
                       .footnote = ls->footnote, .marks = NULL};
    empty.text.len = empty.markers.len = empty.marker_at.len = empty.footnote.len = 0;
    *ls = empty;
}

static void line_scan_free(line_scan *ls)
{
    sb_free(&ls->text);
    sb_free(&ls->markers);
    sb_free(&ls->marker_at);
    sb_free(&ls->footnote);
}

bool normalize_keeps_clean_lines = true;

/* Bytes for clean_line(), by what they ask of it. */
enum {
    KEEP_TEXT,  /* ASCII text */
    KEEP_SPACE,
    KEEP_TAB,
    KEEP_NO,    /* markup, control characters: the full path */
    KEEP_LEAD2, /* C3-C9: a letter of two bytes (but Ð, ð) */
    KEEP_E1,    /* E1: U+1E00-U+1EFF are letters */
    KEEP_E2,    /* E2: U+2010-U+2027 are punctuation that stays */
    KEEP_HIGH   /* any other lead byte: char_needs_map() decides */
};
/* T text, S space, B tab, N no, L lead of two, A E1, E E2, H high */
#define T KEEP_TEXT
#define S KEEP_SPACE
#define B KEEP_TAB
#define N KEEP_NO
#define L KEEP_LEAD2
#define A KEEP_E1
#define E KEEP_E2
#define H KEEP_HIGH
static const unsigned char keep_class[256] = {
    N, N, N, N, N, N, N, N, N, B, N, N, N, N, N, N, /* 00 */
    N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, /* 10 */
    S, T, T, T, T, T, N, T, T, T, N, T, T, T, T, T, /* 20 */
    T, T, T, T, T, T, T, T, T, T, T, T, N, T, T, T, /* 30 */
    T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, /* 40 */
    T, T, T, T, T, T, T, T, T, T, T, T, N, T, T, T, /* 50 */
    T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, /* 60 */
    T, T, T, T, T, T, T, T, T, T, T, T, T, T, T, N, /* 70 */
    H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, /* 80 */
    H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, /* 90 */
    H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, /* A0 */
    H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, /* B0 */
    H, H, H, L, L, L, L, L, L, L, H, H, H, H, H, H, /* C0 */
    H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, /* D0 */
    H, A, E, H, H, H, H, H, H, H, H, H, H, H, H, H, /* E0 */
    H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, /* F0 */
};
#undef T
#undef S
#undef B
#undef N
#undef L
#undef A
#undef E
#undef H

/* A line that every step of normalize_one() would leave as it is, but
 * for one space at its end: no markup byte, no control character, nothing
 * NFC or a repair changes (line_needs_map), no "#" heading, and no space
 * that tidy_spaces() folds (first, after white space, or before a tab).
 * Most lines are such, and keep their text where it is. *cells: it holds
 * a tab. The input is valid UTF-8, so a lead byte has its continuation. */
static bool clean_line(const char *s, size_t n, bool *cells)
{
    const unsigned char *u = (const unsigned char *)s;
    bool after_blank = true, after_space = false, tab = false;
    if (n && u[0] == '#')
        return false;
    for (size_t i = 0; i < n;) {
        unsigned char c = u[i];
        switch (keep_class[c]) {
        case KEEP_TEXT:
            i++;
            after_blank = after_space = false;
            continue;
        case KEEP_SPACE:
            if (after_blank)
                return false;
            after_blank = after_space = true;
            i++;
            continue;
        case KEEP_TAB:
            if (after_space)
                return false;
            after_blank = tab = true;
            after_space = false;
            i++;
            continue;
        case KEEP_NO:
            return false;
        case KEEP_LEAD2:
            if (c == 0xC3 && (u[i + 1] == 0x90 || u[i + 1] == 0xB0))
                return false; /* Ð, ð: repaired to Đ, đ */
            i += 2;
            break;
        case KEEP_E1:
            if (u[i + 1] >= 0xB8 && u[i + 1] <= 0xBB) {
                i += 3;
                break;
            }
            /* fall through */
        default: {
            size_t w;
            if (char_needs_map(u + i, n - i, &w))
                return false;
            i += w;
            break;
        }
        }
        after_blank = after_space = false;
    }
    *cells = tab;
    return true;
}

/* ---- triage of the whole text ----------------------------------------
 * One pass over the text marks every byte that could make clean_line()
 * refuse a line or look a character up: markup and control bytes, a space
 * that folds (after a blank; after a control byte too, which a line's
 * mapping makes the marks' business no more), Ð and ð, and every lead byte but those of the letters and
 * punctuation clean_line() takes from their bytes; and every tab, which
 * makes a line's cells (and refuses it after a space). A line with no
 * mark (and no "#" first) is clean without clean_line(); in a line with
 * some, judge_marks() looks at the marked bytes alone. The
 * marks are a bit per byte; AVX2 or SSE2 make them a word of bits (64
 * bytes) at a time where the processor has them, the same rule a byte at
 * a time elsewhere (and at the ends of the text), and the tests hold the
 * ways to the same bits. */

unsigned normalize_uses_simd = 32;

static bool in_range(unsigned char c, unsigned char lo, unsigned char hi)
{
    return (unsigned char)(c - lo) <= (unsigned char)(hi - lo);
}

/* The rule for byte i of text[0..len). */
static bool marked_at(const unsigned char *u, size_t len, size_t i)
{
    unsigned char c = u[i], prev = i ? u[i - 1] : '\n';
    unsigned char next = i + 1 < len ? u[i + 1] : 0, next2 = i + 2 < len ? u[i + 2] : 0;
    if (c == '\t')
        return true;
    if (c < 0x20)
        return c != '\n';
    if (c == 0x7F || c == '*' || c == '<' || c == '&' || c == '\\')
        return true;
    if (c == ' ') /* after a blank, or a control byte (marked itself) */
        return prev <= ' ';
    if (c == 0xC3)
        return next == 0x90 || next == 0xB0;
    if (c == 0xE1)
        return !in_range(next, 0xB8, 0xBB);
    if (c == 0xE2)
        return next != 0x80 || !in_range(next2, 0x90, 0xA7);
    return c >= 0xC0 && !in_range(c, 0xC4, 0xC9);
}

static void mark(uint64_t *bits, size_t i) { bits[i / 64] |= (uint64_t)1 << (i % 64); }

/* The set bits of w, counted in parallel (no call, no popcount
 * instruction needed). */
static size_t bits_set(uint64_t w)
{
    w -= (w >> 1) & 0x5555555555555555u;
    w = (w & 0x3333333333333333u) + ((w >> 2) & 0x3333333333333333u);
    w = (w + (w >> 4)) & 0x0F0F0F0F0F0F0F0Fu;
    return (size_t)((w * 0x0101010101010101u) >> 56);
}

/* The blocks of the triage: 64 bytes, a word of bits, at a time, from
 * byte 64 on (the bytes before them give the first ones their
 * neighbours) while the two bytes after a block are in the text. */
enum { TRIAGE_BLOCK = 64, TRIAGE_AHEAD = 2 };

#if defined(__x86_64__) && defined(__GNUC__)
#define VNP_TRIAGE_SIMD 1
#include <immintrin.h>

/* 32 bytes, and 32 answers of 0 or -1: on these the rule is written as
 * marked_at() says it, and the compiler makes SSE2 code of it (two halves)
 * for processors without AVX2. */
typedef unsigned char bytes32 __attribute__((vector_size(32)));
typedef signed char answers32 __attribute__((vector_size(32)));

/* lo <= v <= hi, unsigned, per byte (a macro: a 32-byte vector passed by
 * value would need AVX in the calling convention). */
#define IN_RANGE32(v, lo, hi) ((bytes32)((v) - (lo)) <= (unsigned char)((hi) - (lo)))

/* marked_at() of the 32 bytes at i (1 <= i, i + 34 <= len) in *m, the new
 * lines among them in *nl; the neighbours are loaded where they stand. */
static inline __attribute__((always_inline)) void marks32(const unsigned char *u, size_t i,
                                                          answers32 *m, answers32 *nl)
{
    bytes32 v, prev, next, next2;
    memcpy(&v, u + i, 32);
    memcpy(&prev, u + i - 1, 32);
    memcpy(&next, u + i + 1, 32);
    memcpy(&next2, u + i + 2, 32);
    *nl = v == '\n';
    answers32 mark = (v < 0x20) & ~*nl; /* tabs with the control bytes */
    mark |= (v == 0x7F) | (v == '*') | (v == '<') | (v == '&') | (v == '\\');
    mark |= (v == ' ') & (prev <= ' ');
    mark |= (v == 0xC3) & ((next == 0x90) | (next == 0xB0));
    mark |= (v == 0xE1) & ~IN_RANGE32(next, 0xB8, 0xBB);
    mark |= (v == 0xE2) & ~((next == 0x80) & IN_RANGE32(next2, 0x90, 0xA7));
    mark |= (v >= 0xC0) & ~(IN_RANGE32(v, 0xC3, 0xC9) | (v == 0xE1) | (v == 0xE2));
    *m = mark;
}

#define TRIAGE_AVX2 __attribute__((target("avx2"), always_inline)) static inline

/* The bytes marked whatever stands around them (control and markup bytes,
 * tabs, the lead bytes of characters the triage does not take from their
 * bytes: all of marked_at() but the spaces, C3, E1 and E2) have a bit of
 * their high nibble's entry (K_HIGH, in both lanes) that their low
 * nibble's entry (K_LOW) has too; no other byte has. Two look-ups find
 * them, where a comparison each would need more constants.
 *
 * The constants of marks_avx2(), 32 bytes each in memory: the registers
 * cannot hold them all with the bytes, and the compiler would rather make
 * again (three instructions) one set from its byte than load it; one in
 * memory is an operand, no instruction of its own. So triage_avx2() hides
 * what the table holds from the compiler (an empty asm statement), which
 * then reads it where it stands. */
#define BYTES32(c) {c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, \
                    c, c, c, c, c, c, c, c, c, c, c, c, c, c, c, c}
enum { K_NIBBLE, K_HIGH, K_LOW, K_TOP, K_NL, K_SPACE, K_ETH_BITS, K_ETH, K_C3, K_LETTER_BITS,
       K_LETTER, K_E1, K_LESS, K_PUNCT, K_80, K_E2, K_COUNT };
static const uint8_t triage_k[K_COUNT][32] __attribute__((aligned(32))) = {
    [K_NIBBLE] = BYTES32(0x0F),
    [K_HIGH] = {0x01, 0x02, 0x08, 0x10, 0x00, 0x10, 0x00, 0x04, 0x00, 0x00, 0x00,
                0x00, 0x20, 0x02, 0x40, 0x02, 0x01, 0x02, 0x08, 0x10, 0x00, 0x10,
                0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x20, 0x02, 0x40, 0x02},
    [K_LOW] = {0x63, 0x23, 0x23, 0x43, 0x43, 0x43, 0x4B, 0x43, 0x43, 0x43, 0x6A,
               0x63, 0x73, 0x63, 0x63, 0x67, 0x63, 0x23, 0x23, 0x43, 0x43, 0x43,
               0x4B, 0x43, 0x43, 0x43, 0x6A, 0x63, 0x73, 0x63, 0x63, 0x67},
    [K_TOP] = BYTES32(0x7F), [K_NL] = BYTES32('\n'), [K_SPACE] = BYTES32(' '),
    [K_ETH_BITS] = BYTES32(0xDF), [K_ETH] = BYTES32(0x90), [K_C3] = BYTES32(0xC3),
    [K_LETTER_BITS] = BYTES32(0xFC), [K_LETTER] = BYTES32(0xB8), [K_E1] = BYTES32(0xE1),
    [K_LESS] = BYTES32(0x10), [K_PUNCT] = BYTES32(0x98), [K_80] = BYTES32(0x80),
    [K_E2] = BYTES32(0xE2)};
#undef BYTES32

#define K(name) _mm256_load_si256((const __m256i *)k[name])

/* marks32() with AVX2, as bits: the marks of the 32 bytes at i, *nl the new
 * lines among them. Each test takes as few instructions as it can: the
 * look-ups' bits made the byte's top bit by a saturating add, a set of
 * two or four neighbours told by the bits they share. */
TRIAGE_AVX2 uint32_t marks_avx2(const unsigned char *u, size_t i, const uint8_t (*k)[32],
                                uint32_t *nl)
{
    __m256i v = _mm256_loadu_si256((const __m256i *)(u + i));
    __m256i prev = _mm256_loadu_si256((const __m256i *)(u + i - 1));
    __m256i next = _mm256_loadu_si256((const __m256i *)(u + i + 1));
    __m256i next2 = _mm256_loadu_si256((const __m256i *)(u + i + 2));
    __m256i high = _mm256_shuffle_epi8(K(K_HIGH), _mm256_and_si256(_mm256_srli_epi16(v, 4), K(K_NIBBLE)));
    __m256i low = _mm256_shuffle_epi8(K(K_LOW), _mm256_and_si256(v, K(K_NIBBLE)));
    /* the shared bits are below 0x80: adding 0x7F sets the top bit */
    __m256i lone = _mm256_adds_epu8(_mm256_and_si256(high, low), K(K_TOP));
    *nl = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, K(K_NL)));
    __m256i prev_blank = _mm256_cmpeq_epi8(_mm256_min_epu8(prev, K(K_SPACE)), prev);
    __m256i m = _mm256_and_si256(_mm256_cmpeq_epi8(v, K(K_SPACE)), prev_blank);
    /* 0x90 and 0xB0 differ in bit 0x20 alone; B8-BB in the low two bits */
    __m256i eth = _mm256_cmpeq_epi8(_mm256_and_si256(next, K(K_ETH_BITS)), K(K_ETH));
    m = _mm256_or_si256(m, _mm256_and_si256(_mm256_cmpeq_epi8(v, K(K_C3)), eth));
    __m256i letter = _mm256_cmpeq_epi8(_mm256_and_si256(next, K(K_LETTER_BITS)), K(K_LETTER));
    m = _mm256_or_si256(m, _mm256_andnot_si256(letter, _mm256_cmpeq_epi8(v, K(K_E1))));
    /* 0x90-0xA7 less 0x10 is -128..-105 as signed bytes, all else above */
    __m256i punct2 = _mm256_cmpgt_epi8(K(K_PUNCT), _mm256_sub_epi8(next2, K(K_LESS)));
    __m256i punct = _mm256_and_si256(_mm256_cmpeq_epi8(next, K(K_80)), punct2);
    m = _mm256_or_si256(m, _mm256_andnot_si256(punct, _mm256_cmpeq_epi8(v, K(K_E2))));
    return (uint32_t)_mm256_movemask_epi8(_mm256_or_si256(m, lone));
}
#undef K
#undef TRIAGE_AVX2

/* The blocks in AVX2 code (and POPCNT, which every processor with AVX2
 * has, to count the new lines); returns where the rest begins, *lines
 * the new lines counted. */
__attribute__((target("avx2,popcnt"))) static size_t
triage_avx2(const unsigned char *u, size_t len, uint64_t *bits, uint64_t *newlines, size_t *lines)
{
    size_t i = TRIAGE_BLOCK;
    const uint8_t(*k)[32] = triage_k;
    __asm__("" : "+r"(k)); /* its constants are read from memory */
    size_t counted = 0; /* not *lines: the stores to bits could be its */
    for (; i + TRIAGE_BLOCK + TRIAGE_AHEAD <= len; i += TRIAGE_BLOCK) {
        uint32_t nl_low, nl_high;
        uint64_t low = marks_avx2(u, i, k, &nl_low), high = marks_avx2(u, i + 32, k, &nl_high);
        uint64_t nl = nl_low | (uint64_t)nl_high << 32;
        bits[i / 64] = low | high << 32;
        newlines[i / 64] = nl;
        counted += (size_t)__builtin_popcountll(nl);
    }
    *lines += counted;
    return i;
}

/* The 32 answers as 32 bits, from their two halves. */
static inline uint32_t answer_bits(const answers32 *a)
{
    __m128i half[2];
    memcpy(half, a, sizeof half);
    return (uint32_t)_mm_movemask_epi8(half[0]) | (uint32_t)_mm_movemask_epi8(half[1]) << 16;
}

static size_t triage_sse2(const unsigned char *u, size_t len, uint64_t *bits, uint64_t *newlines,
                          size_t *lines)
{
    size_t i = TRIAGE_BLOCK;
    for (; i + TRIAGE_BLOCK + TRIAGE_AHEAD <= len; i += TRIAGE_BLOCK) {
        answers32 m[2], nl[2];
        marks32(u, i, &m[0], &nl[0]);
        marks32(u, i + 32, &m[1], &nl[1]);
        uint64_t nl_bits = answer_bits(&nl[0]) | (uint64_t)answer_bits(&nl[1]) << 32;
        bits[i / 64] = answer_bits(&m[0]) | (uint64_t)answer_bits(&m[1]) << 32;
        newlines[i / 64] = nl_bits;
        *lines += bits_set(nl_bits);
    }
    return i;
}
#endif

/* The byte loop of the triage over [from, to), setting bits in words
 * cleared first: the ends of the text the blocks do not reach. Returns the
 * new lines. */
static size_t triage_bytes(const char *text, size_t len, size_t from, size_t to, uint64_t *bits,
                           uint64_t *newlines)
{
    const unsigned char *u = (const unsigned char *)text;
    size_t lines = 0;
    for (size_t i = from; i < to; i++) {
        if (marked_at(u, len, i))
            mark(bits, i);
        if (u[i] == '\n') {
            mark(newlines, i);
            lines++;
        }
    }
    return lines;
}

/* Clears the words of bits and newlines from the one holding bit `from`
 * to the last (len / 64). */
static void clear_words(uint64_t *bits, uint64_t *newlines, size_t from, size_t len)
{
    size_t first = from / 64, words = len / 64 + 1 - first;
    memset(bits + first, 0, words * sizeof *bits);
    memset(newlines + first, 0, words * sizeof *newlines);
}

size_t triage_marks(const char *text, size_t len, uint64_t *bits, uint64_t *newlines,
                    unsigned simd)
{
    size_t from = 0, lines = 0; /* from: the first byte no block has marked */
#ifdef VNP_TRIAGE_SIMD
    const unsigned char *u = (const unsigned char *)text;
    if (simd >= 16 && len >= 2 * TRIAGE_BLOCK + TRIAGE_AHEAD) {
        clear_words(bits, newlines, 0, 0);
        lines = triage_bytes(text, len, 0, TRIAGE_BLOCK, bits, newlines);
        bool avx2 = simd >= 32 && __builtin_cpu_supports("avx2") &&
                    __builtin_cpu_supports("popcnt");
        from = avx2 ? triage_avx2(u, len, bits, newlines, &lines)
                    : triage_sse2(u, len, bits, newlines, &lines);
    }
#else
    (void)simd;
#endif
    clear_words(bits, newlines, from, len);
    return lines + triage_bytes(text, len, from, len, bits, newlines);
}

/* The lowest set bit of w (not 0). */
static unsigned lowest_bit(uint64_t w)
{
#if defined(__GNUC__)
    return (unsigned)__builtin_ctzll(w);
#else
    unsigned n = 0;
    for (; !(w & 1); w >>= 1)
        n++;
    return n;
#endif
}

/* The first set bit at or after `from` below `len`, else len. */
static size_t next_set(const uint64_t *bits, size_t from, size_t len)
{
    if (from >= len)
        return len;
    size_t w = from / 64;
    uint64_t word = bits[w] & (~(uint64_t)0 << (from % 64));
    for (size_t last = len / 64; !word && w < last;)
        word = bits[++w];
    size_t at = word ? w * 64 + lowest_bit(word) : len;
    return at < len ? at : len;
}

/* normalize_one() of a clean line: its text stays in the input buffer,
 * cut at its end. */
static void keep_line(char *raw, size_t n, bool cells, markup_state *st, src_line *ln)
{
    size_t len = n && raw[n - 1] == ' ' ? n - 1 : n;
    raw[len] = '\0';
    ln->text = raw;
    ln->len = (uint32_t)len; /* at most VNP_MAX_LINE_BYTES */
    if (len) {
        static const emphasis none; /* no emphasis token on the line */
        ln->flags |= emphasis_flags(&none, st);
    }
    if (len == 0 || (cells && strspn(raw, "\t") == len)) /* nothing, or only empty cells */
        ln->flags |= LINE_BLANK;
    else if (cells)
        ln->flags |= LINE_CELLS;
    if (len == 1 && raw[0] == '|')
        ln->flags |= LINE_PIPE;
}

static void end_line(markup_state *st, const src_line *ln)
{
    /* emphasis never spans a blank line or a cell border, and a stray **
     * must not embolden the rest of the document */
    st->bold_lines = st->in_bold ? st->bold_lines + 1 : 0;
    if ((ln->flags & (LINE_BLANK | LINE_PIPE)) || st->bold_lines > BOLD_MAX_LINES)
        st->in_bold = false;
}

/* keep_line() and end_line() of a line without a mark (so without a tab)
 * and no "#" first, as the loop over the lines does them for most. */
static void keep_clean_line(char *raw, size_t n, size_t no, markup_state *st, src_line *ln)
{
    size_t len = n && raw[n - 1] == ' ' ? n - 1 : n;
    raw[len] = '\0';
    /* a line without emphasis tokens is bold where a span is open */
    unsigned flags = len == 0 ? LINE_BLANK : st->in_bold ? LINE_BOLD : 0;
    if (len == 1 && raw[0] == '|')
        flags |= LINE_PIPE;
    *ln = (src_line){.text = raw, .len = (uint32_t)len, .no = (uint32_t)no, .flags = flags};
    end_line(st, ln);
}

/* What a line asks of normalize_one(): keep its text where it is (what
 * clean_line() says; cells: it holds a tab), or the full path, through
 * map_line() first or not (what line_needs_map() says). */
typedef struct line_verdict {
    bool keep, map, cells;
    bool stars; /* not kept, but its only marks of markup are '*': keep_star_line() */
    const uint64_t *marks; /* the triage's, when the verdict was read from them */
    size_t at;             /* where the line starts in the text they mark */
} line_verdict;

/* The verdict on the line text[from..to) read from the triage's marks
 * alone: only its marked bytes can make clean_line() refuse it or
 * line_needs_map() take it, so only they are looked at, each as those two
 * would at its place (the marks say which neighbours it has, but for a
 * tab's). The first is at `mark`. A "#" first is the caller's to look at. */
static line_verdict judge_marks(const char *text, size_t from, size_t mark, size_t to,
                                const uint64_t *marks)
{
    const unsigned char *u = (const unsigned char *)text;
    line_verdict v = {.keep = true, .stars = true};
    for (size_t i = mark; i < to; i = next_set(marks, i + 1, to)) {
        unsigned char c = u[i];
        size_t w;
        if (c == '\t') {
            v.cells = true;
            v.stars = false;
            v.keep = v.keep && !(i > from && u[i - 1] == ' ');
        } else if (c < 0x80) { /* markup, a space that folds, or a control character */
            v.keep = false;
            v.stars = v.stars && c == '*';
            v.map = c < 0x20 || c == 0x7F;
        } else if (c == 0xC3 || char_needs_map(u + i, to - i, &w)) { /* C3: only Ð, ð */
            v.keep = v.stars = false;
            v.map = true;
        }
        if (v.map)
            break;
    }
    return v;
}

/* The verdict on a line that has no marks to judge it by. */
static line_verdict judge_bytes(const char *raw, size_t n)
{
    bool cells = false;
    if (normalize_keeps_clean_lines && clean_line(raw, n, &cells))
        return (line_verdict){.keep = true, .cells = cells};
    return (line_verdict){.map = line_needs_map(raw, n)};
}

/* The first '*' of the line after raw[i], or n: every '*' is marked. */
static size_t next_star(const char *raw, size_t n, size_t i, const line_verdict *v)
{
    size_t p = i;
    do
        p = next_set(v->marks, v->at + p + 1, v->at + n) - v->at;
    while (p < n && raw[p] != '*');
    return p;
}

/* normalize_one() of a line whose marks are those of judge_marks() with
 * stars (no "#" first): scan_markup() would find no markup but its runs
 * of '*', and finish_line() would find no tab, marker nor a text longer
 * than the line. So its runs are taken out where it stands, the text
 * between them moved up, and white space the runs leave side by side
 * (untidy) tidied as finish_line() does. */
static void keep_star_line(char *raw, size_t n, const line_verdict *v, markup_state *st,
                           src_line *ln)
{
    emphasis e = {0};
    bool untidy = false;
    size_t o = 0; /* the text so far is raw[0..o): o <= i, so raw[i - 1] is as it was */
    for (size_t i = 0; i < n;) {
        if (raw[i] == '*') {
            bool bracketed;
            size_t run = star_token(raw, n, i, o == 0, &e, &bracketed);
            if (bracketed) {
                memmove(raw + o, raw + i, run);
                o += run;
            }
            i += run;
            continue;
        }
        /* the text up to the next '*', where no two blanks stand side by
         * side (they would be marked) */
        size_t end = next_star(raw, n, i, v);
        untidy = untidy || (raw[i] == ' ' && (o == 0 || raw[o - 1] == ' '));
        if (end - i > 1 || raw[i] != ' ') { /* more than a blank */
            e.saw_text = true;
            e.ends_bold = e.ends_italic = false;
        }
        memmove(raw + o, raw + i, end - i);
        o += end - i;
        i = end;
    }
    if (o == 0)
        st->in_bold = e.bold_runs % 2 == 1 ? !st->in_bold : st->in_bold;
    unsigned flags = o ? emphasis_flags(&e, st) : 0;
    size_t len = untidy ? tidy_spaces(raw, join_spaced_letters(raw, o)) : trim_end(raw, o);
    if (len == 0)
        flags |= LINE_BLANK;
    if (len == 1 && raw[0] == '|')
        flags |= LINE_PIPE;
    *ln = (src_line){.text = raw, .len = (uint32_t)len, .no = ln->no, .flags = flags};
}

/* v: the verdict on the line, NULL when there are no marks to give it. */
static vnp_status normalize_one(vnp_document *doc, char *raw_line, size_t n, size_t no,
                                const line_verdict *v, markup_state *st, line_scan *ls,
                                src_line *ln, vec *extras)
{
    *ln = (src_line){.no = (uint32_t)no};
    line_verdict bytes_verdict;
    if (!v) {
        bytes_verdict = judge_bytes(raw_line, n);
        v = &bytes_verdict;
    }
    if (v->keep && (!n || raw_line[0] != '#')) {
        keep_line(raw_line, n, v->cells, st, ln);
        end_line(st, ln);
        return VNP_OK;
    }
    if (v->stars && raw_line[0] != '#') {
        keep_star_line(raw_line, n, v, st, ln);
        end_line(st, ln);
        return VNP_OK;
    }
    const char *raw = raw_line;
    size_t raw_len = n;
    char *mapped = NULL;
    if (v->map) {
        size_t mlen = 0;
        mapped = map_line(raw, n, &mlen);
        if (!mapped)
            return VNP_ERR_NOMEM;
        raw = mapped;
        n = mlen;
    }
    line_scan_reset(ls);
    size_t skip = 0;
    ln->hashes = leading_hashes(raw, n, &skip);
    if (v->marks && !mapped) { /* the marks are those of its bytes */
        ls->marks = v->marks;
        ls->marks_at = v->at + skip;
        ls->no_tab = !v->cells; /* the marks found every tab */
    }
    scan_markup(raw + skip, n - skip, ls);
    if (n >= 2 && raw[n - 1] == ' ' && raw[n - 2] == ' ')
        ln->flags |= LINE_HARD_BREAK;
    mem_free(mapped); /* raw pointed into it: not used after this */
    if (ls->text.len == 0)
        st->in_bold = ls->em.bold_runs % 2 == 1 ? !st->in_bold : st->in_bold;
    else
        ln->flags |= emphasis_flags(&ls->em, st);
    vnp_status s = finish_line(doc, ln, ls, raw_line, raw_len, extras);
    end_line(st, ln);
    return s;
}

/* count_lines() from the number of new lines. */
static size_t count_marked_lines(const char *text, size_t len, size_t newlines)
{
    size_t n = 1 + newlines;
    if (len > 0 && text[len - 1] == '\n')
        n--;
    return len == 0 ? 0 : n;
}

static size_t count_lines(const char *text, size_t len)
{
    size_t n = 1;
    for (const char *p = text; (p = memchr(p, '\n', len - (size_t)(p - text))) != NULL; p++)
        n++;
    if (len > 0 && text[len - 1] == '\n')
        n--;
    return len == 0 ? 0 : n;
}

/* The walk over the lines by the triage's bits: the new lines one after
 * the other, a word of bits at a time, and the next marked byte, looked
 * for again only once a line has passed it (most lines have none). */
typedef struct line_walk {
    const uint64_t *marks, *newlines;
    size_t len;
    size_t word;   /* the word of newlines being read */
    uint64_t left; /* its new lines not passed yet */
    size_t next_mark;
} line_walk;

static line_walk walk_start(const uint64_t *marks, const uint64_t *newlines, size_t len)
{
    return (line_walk){marks, newlines, len, 0, newlines[0], next_set(marks, 0, len)};
}

/* Where the next new line stands, len after the last. */
static size_t next_newline(line_walk *w)
{
    while (!w->left) {
        if (++w->word > w->len / 64)
            return w->len;
        w->left = w->newlines[w->word];
    }
    size_t at = w->word * 64 + lowest_bit(w->left);
    w->left &= w->left - 1;
    return at;
}

/* Is no byte of the line text[from..to) marked? Lines come in order. */
static bool walk_unmarked(line_walk *w, size_t from, size_t to)
{
    if (w->next_mark < from)
        w->next_mark = next_set(w->marks, from, w->len);
    return w->next_mark >= to;
}

/* The verdict on the line text[from..to): lines come in order. */
static line_verdict walk_verdict(line_walk *w, const char *text, size_t from, size_t to)
{
    line_verdict v = {.keep = true, .marks = w->marks, .at = from};
    if (!walk_unmarked(w, from, to)) {
        v = judge_marks(text, from, w->next_mark, to, w->marks);
        v.marks = w->marks;
        v.at = from;
    }
    return v;
}

/* keep_clean_line() of the lines from *i on while they hold no mark, no
 * "#" first and no more than VNP_MAX_LINE_BYTES, in one loop: the walk
 * to the next new line and the line's record are all most lines cost.
 * Stops at the first line that is not such, *i its index and *pos its
 * start, and returns where it ends (its new line is read); count in *i
 * when every line was kept. The walk and the state are read into locals
 * and written back at the end: the records' stores could be theirs for
 * all the compiler knows, which would have it load them again each line. */
static size_t keep_clean_lines(line_walk *walk, char *text, size_t count, size_t *i, size_t *pos,
                               markup_state *state, src_line *lines)
{
    line_walk w = *walk;
    markup_state st = *state;
    size_t at = *pos, no = *i, end = at;
    if (w.next_mark < at) /* in a line already passed */
        w.next_mark = next_set(w.marks, at, w.len);
    for (; no < count; no++) {
        end = next_newline(&w);
        size_t n = end - at;
        char *raw = text + at;
        /* raw[0] is a byte of the text or its NUL: no "#" when n is 0 */
        if (w.next_mark < end || n > VNP_MAX_LINE_BYTES || raw[0] == '#')
            break;
        keep_clean_line(raw, n, no + 1, &st, &lines[no]);
        at = end + 1;
    }
    *walk = w;
    *state = st;
    *i = no;
    *pos = at;
    return end;
}

/* The bytes of the line text[pos..end) that are read: all but past
 * VNP_MAX_LINE_BYTES, where it is cut on a character boundary (said). */
static size_t line_bytes(vnp_document *doc, const char *text, size_t pos, size_t end, size_t no)
{
    size_t n = end - pos;
    if (n <= VNP_MAX_LINE_BYTES)
        return n;
    diag_add(doc, VNP_SEV_WARNING, VNP_DIAG_LINE_TOO_LONG, no,
             "line of %zu bytes cut to the limit of %zu bytes", n, (size_t)VNP_MAX_LINE_BYTES);
    n = VNP_MAX_LINE_BYTES;
    while (n > 0 && ((unsigned char)text[pos + n] & 0xC0) == 0x80)
        n--; /* cut on a character boundary */
    return n;
}

vnp_status normalize_lines(vnp_document *doc, char *text, size_t len, lines_product *out)
{
    struct vnp_internal *in = doc->internal;
    /* the marks, and the new lines found in the same pass; without memory
     * for them every line goes through clean_line() and memchr finds the
     * new lines */
    size_t words = len / 64 + 1;
    uint64_t *marks = normalize_keeps_clean_lines ? mem_alloc(2 * words * sizeof *marks) : NULL;
    uint64_t *newlines = marks ? marks + words : NULL;
    size_t new_lines = marks ? triage_marks(text, len, marks, newlines, normalize_uses_simd) : 0;
    size_t count = marks ? count_marked_lines(text, len, new_lines) : count_lines(text, len);
    /* normalize_one() writes each line's record whole */
    src_line *lines = arena_alloc_uncleared(&in->mem, (count ? count : 1) * sizeof *lines);
    if (!lines) {
        mem_free(marks);
        return VNP_ERR_NOMEM;
    }
    markup_state st = {false, 0};
    line_scan ls = {0}; /* its buffers serve every line */
    vec extras = {.size = sizeof(line_extra_entry)};
    vnp_status s = VNP_OK;
    size_t pos = 0;
    line_walk walk = marks ? walk_start(marks, newlines, len) : (line_walk){0};
    for (size_t i = 0; i < count; i++) {
        size_t end;
        if (marks) {
            end = keep_clean_lines(&walk, text, count, &i, &pos, &st, lines);
            if (i == count)
                break;
        } else {
            const char *nl = memchr(text + pos, '\n', len - pos);
            end = nl ? (size_t)(nl - text) : len;
        }
        size_t n = line_bytes(doc, text, pos, end, i + 1);
        if (marks && walk_unmarked(&walk, pos, pos + n) && (n == 0 || text[pos] != '#')) {
            keep_clean_line(text + pos, n, i + 1, &st, &lines[i]); /* most lines */
        } else {
            line_verdict v = marks ? walk_verdict(&walk, text, pos, pos + n) : (line_verdict){0};
            s = normalize_one(doc, text + pos, n, i + 1, marks ? &v : NULL, &st, &ls, &lines[i],
                              &extras);
            if (s != VNP_OK)
                break;
        }
        pos = end + 1;
    }
    line_scan_free(&ls);
    mem_free(marks);
    if (s == VNP_OK) {
        vec_shrink(&in->mem, &extras);
        *out = (lines_product){lines, count, extras.items, extras.count};
        doc->line_count = count;
    }
    return s;
}
