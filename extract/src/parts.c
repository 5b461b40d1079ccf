/* Parts stage: the legal-basis preamble, the closing block (recipients and
 * signature), the annexes with their captions, and the footnotes. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#define CLOSING_WINDOW 12   /* paragraphs around "Nơi nhận" searched for the signer */
#define CAPTION_MAX_PARAS 3
#define ANNEX_LABEL_MAX_BYTES 400
#define NAME_MAX_WORDS 6

static char *copy(vnp_document *doc, const char *s, size_t n)
{
    return n ? arena_strndup(&doc->internal->mem, s, n) : NULL;
}

/* ---- preamble -------------------------------------------------------- */

static void preamble_extract(vnp_document *doc, const paragraphs_product *ps,
                             const title_product *title, parts_product *parts)
{
    struct vnp_internal *in = doc->internal;
    vec out = {.size = sizeof(vnp_text)};
    size_t i = title->title_end;
    for (; i < ps->count; i++) {
        const para *p = &ps->paras[i];
        if (para_is_heading(p))
            break;
        if (p->kind != PARA_TEXT || !opens_basis(in, p->text, p->len))
            continue;
        vnp_text *t = vec_push(&in->mem, &out);
        if (!t)
            return;
        t->line = p->line;
        t->end_line = p->end_line;
        t->text = p->text;
    }
    parts->body_start = i;
    doc->preamble = out.items;
    doc->preamble_count = out.count;
}

/* ---- recipients -------------------------------------------------------- */

static bool is_bullet_text(const char *s, size_t n)
{
    return n >= 2 && (s[0] == '-' || s[0] == '+') && s[1] == ' ';
}

/* Adds one recipient, without its bullet and closing punctuation. */
static void add_recipient(vnp_document *doc, vec *out, const char *s, size_t n, size_t line)
{
    while (n && (*s == '-' || *s == '+' || *s == ' ')) {
        s++;
        n--;
    }
    while (n && strchr(" ;.,", s[n - 1]))
        n--;
    if (!n)
        return;
    vnp_text *t = vec_push(&doc->internal->mem, out);
    if (t) {
        t->line = t->end_line = line;
        t->text = copy(doc, s, n);
    }
}

/* "Nơi nhận: - A; - B; - Lưu: VT." when a cell or line holds the list. */
static void split_recipients(vnp_document *doc, vec *out, const char *s, size_t n, size_t line)
{
    size_t start = 0;
    for (size_t i = 0; i + 2 < n; i++) {
        bool sep = (s[i] == ';' || s[i] == '.' || s[i] == ',') && s[i + 1] == ' ' &&
                   (s[i + 2] == '-' || s[i + 2] == '+');
        if (sep) {
            add_recipient(doc, out, s + start, i - start, line);
            start = i + 2;
        }
    }
    add_recipient(doc, out, s + start, n - start, line);
}

static const char *recipients_head(struct vnp_internal *in, const char *s, size_t n,
                                   size_t *rest)
{
    word_hit head; /* opens_recipients first: it tells most texts at once */
    if (!opens_recipients(in, s, n) ||
        !listed_word_opens(in, "block_openers.tsv", "recipients", s, n, &head))
        return NULL;
    const char *colon = memchr(s, ':', n < 20 ? n : 20);
    *rest = colon ? (size_t)(colon - s) + 1 : head.len;
    return s;
}

/* Returns the index of the paragraph after the list. */
static size_t read_recipients(vnp_document *doc, const paragraphs_product *ps, size_t at,
                              const char *s, size_t n)
{
    struct vnp_internal *in = doc->internal;
    vec out = {.size = sizeof(vnp_text)};
    size_t rest = 0;
    recipients_head(in, s, n, &rest);
    size_t line = ps->paras[at].line;
    doc->recipients_line = line;
    if (rest < n)
        split_recipients(doc, &out, s + rest, n - rest, line);
    size_t i = at + 1;
    for (; i < ps->count; i++) {
        const para *p = &ps->paras[i];
        if (p->kind != PARA_TEXT || !is_bullet_text(p->text, p->len))
            break;
        split_recipients(doc, &out, p->text, p->len, p->line);
    }
    doc->recipients = out.items;
    doc->recipient_count = out.count;
    return i;
}

/* ---- signature ------------------------------------------------------- */

/* Words of a person's name: each starts with a capital, the rest lower. */
static bool looks_like_name(const char *s, size_t n)
{
    size_t words = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && s[i] == ' ')
            i++;
        if (i == n)
            break;
        size_t j = i;
        while (j < n && s[j] != ' ')
            j++;
        if (is_vn_lower_start(s + i, j - i) || (is_vn_upper_text(s + i, j - i) && j - i > 3))
            return false;
        for (size_t k = i; k < j; k++)
            if ((s[k] >= '0' && s[k] <= '9') || strchr(",;:()/", s[k]))
                return false;
        words++;
        i = j;
    }
    return words >= 2 && words <= NAME_MAX_WORDS;
}

/* Byte length of the leading run of upper-case words. */
static size_t upper_run(const char *s, size_t n)
{
    size_t end = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && s[i] == ' ')
            i++;
        size_t j = i;
        while (j < n && s[j] != ' ')
            j++;
        if (j == i || !is_vn_upper_text(s + i, j - i))
            break;
        end = j;
        i = j;
    }
    return end;
}

/* lexicon_prefix() of signer_titles.tsv, asked only of a text whose
 * opening letters a title's may be (most are told so without a key). */
static const char *signer_title(struct vnp_internal *in, const char *s, size_t n,
                                size_t *matched)
{
    return lexicon_may_open(in, "signer_titles.tsv", s, n)
               ? lexicon_prefix(in, "signer_titles.tsv", s, n, matched)
               : NULL;
}

/* Splits "GIÁM ĐỐC PHÓ GIÁM ĐỐC" after an authority prefix: the signer's
 * own title is the last title phrase, with a deputy word right before it
 * ("PHÓ"); what stands before that is the office signed for. */
static void split_title(vnp_document *doc, const char *s, size_t n, bool has_authority)
{
    struct vnp_internal *in = doc->internal;
    size_t title_at = 0, deputy_at = 0, deputy_end = 0;
    bool found = false, deputy = false;
    for (size_t i = 0; i < n;) {
        size_t matched = 0;
        const char *kind = signer_title(in, s + i, n - i, &matched);
        if (kind && strcmp(kind, "deputy") == 0) {
            deputy = true;
            deputy_at = i;
            deputy_end = i + matched;
        } else if (kind && strcmp(kind, "head") == 0) {
            bool joined = deputy && deputy_end + 1 == i;
            title_at = joined ? deputy_at : i;
            found = true;
            deputy = false;
        }
        if (kind && strcmp(kind, "deputy") != 0)
            i += matched; /* "BỘ TRƯỞNG" holds "TRƯỞNG": do not match inside it */
        while (i < n && s[i] != ' ')
            i++;
        while (i < n && s[i] == ' ')
            i++;
    }
    if (!found && deputy)
        title_at = deputy_at; /* "THỨ TRƯỞNG" stands alone */
    if (has_authority && title_at > 0) {
        size_t b = title_at;
        while (b && s[b - 1] == ' ')
            b--;
        doc->signer.on_behalf_of = copy(doc, s, b);
    }
    doc->signer.title = copy(doc, s + title_at, n - title_at);
}

/* Reads a signature starting at paragraph text s; the name may follow in
 * the same text or in one of the next paragraphs. */
static bool read_signature(vnp_document *doc, const paragraphs_product *ps, size_t at,
                           const char *s, size_t n, size_t line, size_t *end)
{
    struct vnp_internal *in = doc->internal;
    rx_groups g;
    size_t skip = 0;
    bool authority = rx_grammar_match(in, "signature_authority.pcre", s, n, &g);
    if (authority)
        skip = g.len[0];
    size_t run = upper_run(s + skip, n - skip);
    if (run == 0)
        return false;
    const char *name = s + skip + run;
    size_t name_len = n - skip - run;
    while (name_len && *name == ' ')
        name++, name_len--;
    *end = at + 1;
    if (!name_len) { /* the name stands in a paragraph of its own */
        for (size_t i = at + 1; i < ps->count && i <= at + 3; i++)
            if (ps->paras[i].kind == PARA_TEXT &&
                looks_like_name(ps->paras[i].text, ps->paras[i].len)) {
                name = ps->paras[i].text;
                name_len = ps->paras[i].len;
                *end = i + 1;
                break;
            }
    }
    if (!looks_like_name(name, name_len))
        return false;
    if (authority)
        doc->signer.authority = copy(doc, g.start[1], g.len[1] + 1);
    split_title(doc, s + skip, run, authority);
    doc->signer.name = copy(doc, name, name_len);
    doc->signer.line = line;
    return true;
}

static bool signature_candidate(vnp_document *doc, const char *s, size_t n)
{
    struct vnp_internal *in = doc->internal;
    if (n == 0 || n > 200)
        return false;
    if (rx_grammar_match(in, "signature_authority.pcre", s, n, NULL))
        return true;
    const char *kind = signer_title(in, s, n, NULL);
    return kind && strcmp(kind, "body") != 0 && upper_run(s, n) > 0;
}

/* Tries paragraph i (text, or each cell of a row) as a signature. */
static bool try_signature_at(vnp_document *doc, const paragraphs_product *ps, size_t i,
                             size_t *end)
{
    const para *p = &ps->paras[i];
    if (p->kind == PARA_TEXT)
        return signature_candidate(doc, p->text, p->len) &&
               read_signature(doc, ps, i, p->text, p->len, p->line, end);
    for (size_t c = 0; p->kind == PARA_ROW && c < p->cell_count; c++) {
        size_t n = strlen(p->cells[c]);
        if (signature_candidate(doc, p->cells[c], n) &&
            read_signature(doc, ps, i, p->cells[c], n, p->line, end))
            return true;
    }
    return false;
}

static size_t find_recipients(vnp_document *doc, const paragraphs_product *ps,
                              const parts_product *parts, const char **s, size_t *n)
{
    struct vnp_internal *in = doc->internal;
    size_t rest;
    for (size_t i = parts->body_start; i < ps->count; i++) {
        const para *p = &ps->paras[i];
        if (p->kind == PARA_TEXT && recipients_head(in, p->text, p->len, &rest)) {
            *s = p->text;
            *n = p->len;
            return i;
        }
        for (size_t c = 0; p->kind == PARA_ROW && c < p->cell_count; c++)
            if (recipients_head(in, p->cells[c], strlen(p->cells[c]), &rest)) {
                *s = p->cells[c];
                *n = strlen(p->cells[c]);
                return i;
            }
    }
    return ps->count;
}

static void closing_extract(vnp_document *doc, const paragraphs_product *ps,
                            parts_product *parts)
{
    const char *rs = NULL;
    size_t rn = 0;
    size_t at = find_recipients(doc, ps, parts, &rs, &rn);
    size_t from = parts->body_start, to = ps->count;
    parts->closing_start = parts->closing_end = ps->count;
    if (at < ps->count) {
        parts->closing_start = at;
        parts->closing_end = read_recipients(doc, ps, at, rs, rn);
        from = at > CLOSING_WINDOW ? at - CLOSING_WINDOW : 0;
        from = from < parts->body_start ? parts->body_start : from;
        to = at + CLOSING_WINDOW < ps->count ? at + CLOSING_WINDOW : ps->count;
    }
    for (size_t i = from; i < to; i++) {
        size_t end = 0;
        if (try_signature_at(doc, ps, i, &end)) {
            if (i < parts->closing_start)
                parts->closing_start = i;
            if (end > parts->closing_end || parts->closing_end == ps->count)
                parts->closing_end = end;
            return;
        }
    }
    if (at == ps->count)
        diag_add(doc, VNP_SEV_NOTE, VNP_DIAG_NO_SIGNATURE, 0, "no signature block found");
}

/* ---- annexes ---------------------------------------------------------- */

/* Length of a numbering token after an annex word: "I", "01", "số 3", "A". */
static size_t label_number(struct vnp_internal *in, const char *s, size_t n)
{
    size_t i = 0;
    word_hit so;
    if (listed_word_opens(in, "function_words.tsv", "annex_number", s, n, &so) && n > so.len + 1 &&
        s[so.len] == ' ')
        i = so.len + 1;
    size_t start = i;
    while (i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == 'I' || s[i] == 'V' ||
                     s[i] == 'X' || s[i] == 'L' || (i == start && s[i] >= 'A' && s[i] <= 'Z')))
        i++;
    if (i == start || (i < n && s[i] != ' ' && s[i] != '.' && s[i] != ':' && s[i] != ')'))
        return 0;
    return i;
}

static bool annex_label(vnp_document *doc, const para *p, bool after_closing, size_t *label_len)
{
    if (p->kind != PARA_TEXT || p->len > ANNEX_LABEL_MAX_BYTES)
        return false;
    size_t matched = 0;
    const char *kind = opens_annex(doc->internal, p->text, p->len, &matched);
    if (!kind)
        return false;
    bool upper = is_vn_upper_text(p->text, matched);
    if (strcmp(kind, "list") == 0 && !upper)
        return false; /* "Danh mục ..." in running text is a phrase, not an annex */
    if (!after_closing && !upper && !p->bold && !p->hashes)
        return false;
    size_t i = matched;
    while (i < p->len && p->text[i] == ' ')
        i++;
    size_t num = label_number(doc->internal, p->text + i, p->len - i);
    *label_len = num ? i + num : matched;
    while (*label_len > 0 && strchr(":.", p->text[*label_len - 1]))
        (*label_len)--; /* "PHỤ LỤC:" is the label "PHỤ LỤC" */
    return true;
}

/* Where the line naming the parent document begins ("(Kèm theo Kế hoạch
 * số ...)", "(Ban hành kèm theo ...)"): not part of the caption. */
static size_t parent_reference_at(struct vnp_internal *in, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == '(' &&
            listed_word_opens(in, "annex_parent.tsv", "parent", s + i + 1, n - i - 1, NULL))
            return i;
    return n;
}

/* Caption: the rest of the label's paragraph and the paragraphs after it,
 * up to the table, a heading, another annex or the parent reference; a
 * list title ("DANH MỤC ...") right under a bare label is its caption.
 * Sets *next to the paragraph after the caption. */
static char *read_caption(vnp_document *doc, const paragraphs_product *ps, size_t at,
                          size_t label_len, size_t *next)
{
    struct vnp_internal *in = doc->internal;
    strbuf c = {0};
    const para *p = &ps->paras[at];
    const char *rest = p->text + label_len;
    while (*rest && strchr(" .:-", *rest))
        rest++;
    size_t cut = parent_reference_at(in, rest, strlen(rest));
    sb_append(&c, rest, cut);
    bool closed = cut < strlen(rest);
    size_t i = at + 1, dummy;
    for (; i < ps->count && i <= at + CAPTION_MAX_PARAS && !closed; i++) {
        const para *q = &ps->paras[i];
        const char *kind = c.len == 0 && annex_label(doc, q, true, &dummy)
                               ? opens_annex(in, q->text, q->len, NULL)
                               : NULL;
        bool list_title = kind && strcmp(kind, "list") == 0; /* "DANH MỤC ..." */
        if (q->kind != PARA_TEXT || para_is_heading(q) ||
            (annex_label(doc, q, true, &dummy) && !list_title))
            break;
        size_t qcut = parent_reference_at(in, q->text, q->len);
        if (qcut == 0)
            break;
        if (c.len)
            sb_putc(&c, ' ');
        sb_append(&c, q->text, qcut);
        closed = qcut < q->len;
    }
    *next = i;
    size_t n = c.failed || !c.data ? 0 : c.len;
    while (n && c.data[n - 1] == ' ')
        n--;
    char *out = n ? copy(doc, c.data, n) : NULL;
    sb_free(&c);
    return out;
}

static void annexes_extract(vnp_document *doc, const paragraphs_product *ps,
                            const parts_product *parts)
{
    struct vnp_internal *in = doc->internal;
    vec out = {.size = sizeof(vnp_annex)};
    bool closing = parts->closing_end < ps->count || parts->closing_start < ps->count;
    size_t from = closing ? parts->closing_end : parts->body_start;
    for (size_t i = from; i < ps->count; i++) {
        size_t label_len = 0;
        if (!annex_label(doc, &ps->paras[i], closing, &label_len))
            continue;
        vnp_annex *a = vec_push(&in->mem, &out);
        if (!a)
            return;
        a->line = ps->paras[i].line;
        a->label = copy(doc, ps->paras[i].text, label_len);
        size_t next = i + 1;
        a->caption = read_caption(doc, ps, i, label_len, &next);
        if (out.count > 1)
            ((vnp_annex *)out.items)[out.count - 2].end_line = a->line - 1;
        i = next - 1; /* the caption's paragraphs are not annexes of their own */
    }
    if (out.count)
        ((vnp_annex *)out.items)[out.count - 1].end_line = doc->line_count;
    doc->annexes = out.items;
    doc->annex_count = out.count;
}

/* ---- footnotes --------------------------------------------------------- */

/* How far after a note its marker may stand (a note printed before the
 * text that cites it, at the foot of the same page). */
#define MARKER_AFTER_NOTE_LINES 1000

/* Adds each marker of p (the space-separated tokens of p->markers) to map,
 * with p's line as its value: the last paragraph added wins. */
static bool map_markers(hashmap *map, const para *p)
{
    for (const char *s = para_markers(p); s && *s;) {
        const char *sp = strchr(s, ' ');
        size_t len = sp ? (size_t)(sp - s) : strlen(s);
        bool added;
        size_t *line = hashmap_put(map, s, len, &added);
        if (!line)
            return false;
        *line = p->line;
        s = sp ? sp + 1 : s + len;
    }
    return true;
}

static int by_line(const void *a, const void *b)
{
    const para *x = *(const para *const *)a, *y = *(const para *const *)b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x < y ? -1 : x > y;
}

/* The line a note is cited from: the last paragraph at or before the note
 * that carries its marker, else the first one after it, up to
 * MARKER_AFTER_NOTE_LINES lines on. Two sweeps over the paragraphs (in
 * line order, as layout made them) and the notes taken in line order: a
 * marker -> line map holds, for the note at hand, the nearest paragraph
 * on the side swept from, so each look-up is one probe. */
static bool link_footnotes(vnp_document *doc, const paragraphs_product *ps)
{
    size_t n = ps->footnote_count;
    const para **notes = mem_alloc(n * sizeof *notes);
    if (!notes) {
        vnp_alloc_failed = true;
        return false;
    }
    for (size_t k = 0; k < n; k++)
        notes[k] = &ps->footnotes[k];
    qsort(notes, n, sizeof *notes, by_line);
    hashmap before = {0}, after = {0};
    bool ok = true;
    size_t i = 0;
    for (size_t k = 0; ok && k < n; k++) { /* forward: markers at or before the note */
        for (; ok && i < ps->count && ps->paras[i].line <= notes[k]->line; i++)
            ok = map_markers(&before, &ps->paras[i]);
        const char *m = notes[k]->footnote_marker;
        const size_t *line = m ? hashmap_get(&before, m, strlen(m)) : NULL;
        doc->footnotes[notes[k] - ps->footnotes].ref_line = line ? *line : 0;
    }
    i = ps->count;
    for (size_t k = n; ok && k-- > 0;) { /* backward: markers after the note */
        vnp_footnote *out = &doc->footnotes[notes[k] - ps->footnotes];
        for (; ok && i > 0 && ps->paras[i - 1].line > notes[k]->line; i--)
            ok = map_markers(&after, &ps->paras[i - 1]);
        const char *m = notes[k]->footnote_marker;
        const size_t *line = m && !out->ref_line ? hashmap_get(&after, m, strlen(m)) : NULL;
        if (line && *line <= notes[k]->line + MARKER_AFTER_NOTE_LINES)
            out->ref_line = *line;
    }
    hashmap_free(&before);
    hashmap_free(&after);
    mem_free(notes);
    return ok;
}

/* A note's text without the "[N] " its line opens with (a note the
 * layout stage read after a "[N]" marker keeps it). */
static const char *note_text(const para *f)
{
    const char *m = f->footnote_marker;
    size_t k = m ? strlen(m) : 0;
    if (m && f->len > k + 3 && f->text[0] == '[' && strncmp(f->text + 1, m, k) == 0 &&
        f->text[k + 1] == ']' && f->text[k + 2] == ' ')
        return f->text + k + 3;
    return f->text;
}

static void footnotes_extract(vnp_document *doc, const paragraphs_product *ps)
{
    struct vnp_internal *in = doc->internal;
    size_t n = ps->footnote_count;
    doc->footnotes = n ? arena_alloc(&in->mem, n * sizeof *doc->footnotes) : NULL;
    if (n && !doc->footnotes)
        return;
    for (size_t k = 0; k < n; k++) {
        const para *f = &ps->footnotes[k];
        vnp_footnote *out = &doc->footnotes[k];
        out->line = f->line;
        out->marker = f->footnote_marker;
        out->text = note_text(f);
    }
    if (n && !link_footnotes(doc, ps))
        return;
    doc->footnote_count = n;
}

vnp_status parts_extract(vnp_document *doc, const paragraphs_product *paras,
                         const title_product *title, parts_product *out)
{
    preamble_extract(doc, paras, title, out);
    closing_extract(doc, paras, out);
    annexes_extract(doc, paras, out);
    footnotes_extract(doc, paras);
    return stage_status(doc);
}
