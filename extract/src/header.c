/* Header stage: number line, place and date, document type, title, and
 * the period the plan covers. Works on paragraphs and on the cells of the
 * layout table that some converters put the header in. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* How far into a document the header may reach, in paragraphs. */
#define HEADER_MAX_PARAS 80
#define TITLE_MAX_PARAS 3

static char *copy(vnp_document *doc, const char *s, size_t n)
{
    return n ? arena_strndup(&doc->internal->mem, s, n) : NULL;
}

static int to_int(const char *s, size_t n)
{
    int v = 0;
    for (size_t i = 0; i < n && i < 6; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

/* Visits the header texts: each text paragraph and each cell of a row. */
typedef bool (*text_visitor)(vnp_document *doc, const char *s, size_t n, size_t line, void *ctx);

/* Quick tests drawn from the built-in patterns (a grammar folder's own copy
 * is always matched): header_number.pcre opens with "Số", place_date.pcre
 * holds "ngày", both compiled caseless. Most header texts fail them. */
static bool builtin_patterns(const vnp_document *doc)
{
    return !doc->internal->grammar_dir;
}

/* Can the text open with "Số" in any case ("S", "s" or U+017F, which
 * caseless matching takes for "s")? */
static bool may_open_number_word(const char *s, size_t n)
{
    unsigned char c = n ? (unsigned char)s[0] : 0;
    return c == 'S' || c == 's' || c == 0xC5;
}

/* Does the text hold "ngày" in any case ("à" or "À" after "ng")? */
static bool holds_date_word(const char *s, size_t n)
{
    /* from one 0xC3 (the lead byte of "à") to the next with memchr: most
     * texts of the header hold few */
    for (size_t i = 2; i + 2 < n; i++) {
        const char *lead = memchr(s + i, 0xC3, n - 2 - i);
        if (!lead)
            return false;
        i = (size_t)(lead - s);
        unsigned char a = (unsigned char)s[i + 1];
        if ((a == 0xA0 || a == 0x80) && (s[i - 1] | 0x20) == 'g' && (s[i - 2] | 0x20) == 'n' &&
            (s[i + 2] | 0x20) == 'y')
            return true;
    }
    return false;
}

static bool try_number(vnp_document *doc, const char *s, size_t n, size_t line, void *ctx)
{
    (void)ctx;
    rx_groups g;
    if (doc->number_line || (builtin_patterns(doc) && !may_open_number_word(s, n)) ||
        !rx_grammar_match(doc->internal, "header_number.pcre", s, n, &g))
        return false;
    doc->number = copy(doc, g.start[1], g.len[1]);
    doc->symbol = copy(doc, g.start[3], g.len[3]);
    if (g.start[2])
        doc->number_year = to_int(g.start[2], g.len[2]);
    doc->number_line = line;
    return true;
}

/* A document date may leave day or month blank (a draft: "ngày tháng 01
 * năm 2026"); what it gives must exist. */
static bool valid_date(int y, int m, int d)
{
    if (m == 0)
        return d >= 0 && d <= 31 && valid_ymd(y, 1, 1);
    return valid_ymd(y, m, d ? d : 1);
}

/* A place is a proper name: every word in capitals but the unit word it
 * may open with (place_units.tsv: "Thành phố Huế", "thị xã Phú Thọ"). A
 * sentence that runs into a date ("Hỗ trợ Nhân dân sửa nhà ... trước ngày
 * 30/11/2025", a news heading above the document) names no place. */
static bool is_place_name(struct vnp_internal *in, const char *s, size_t n)
{
    size_t unit = 0;
    if (!lexicon_prefix(in, "place_units.tsv", s, n, &unit))
        unit = 0;
    for (size_t i = unit; i < n; i++) {
        bool word_start = i == unit || s[i - 1] == ' ';
        if (word_start && s[i] != ' ' && is_vn_lower_start(s + i, n - i))
            return false;
    }
    return true;
}

static bool try_place_date(vnp_document *doc, const char *s, size_t n, size_t line, void *ctx)
{
    (void)ctx;
    rx_groups g;
    if (doc->date.line || (builtin_patterns(doc) && !holds_date_word(s, n)) ||
        !rx_grammar_match(doc->internal, "place_date.pcre", s, n, &g))
        return false;
    if (!is_place_name(doc->internal, g.start[1], g.len[1]))
        return false;
    int y = to_int(g.start[5], g.len[5]);
    int m = g.start[4] ? to_int(g.start[4], g.len[4]) : 0;
    int d = g.start[3] ? to_int(g.start[3], g.len[3]) : 0;
    if (!valid_date(y, m, d)) {
        diag_add(doc, VNP_SEV_WARNING, VNP_DIAG_BAD_DATE, line, "impossible document date '%.*s'",
                 (int)g.len[2], g.start[2]);
        return false;
    }
    doc->place = copy(doc, g.start[1], g.len[1]);
    doc->date.year = y;
    doc->date.month = m;
    doc->date.day = d;
    doc->date.text = copy(doc, g.start[2], g.len[2]);
    doc->date.line = line;
    return true;
}

static void visit(vnp_document *doc, const paragraphs_product *paras, size_t limit,
                  text_visitor fn, void *ctx)
{
    for (size_t i = 0; i < limit; i++) {
        const para *p = &paras->paras[i];
        if (p->kind == PARA_ROW) {
            for (size_t c = 0; c < p->cell_count; c++) /* each cell at its own line */
                if (fn(doc, p->cells[c], strlen(p->cells[c]), para_cell_line(p, c), ctx))
                    return;
        } else if (fn(doc, p->text, p->len, p->line, ctx)) {
            return;
        }
    }
}

/* ---- type and title ------------------------------------------------- */

/* The paragraph names the document type in capitals, alone or followed by
 * the title on the same line ("QUYẾT ĐỊNH VỀ VIỆC ..."). Sets *rest to the
 * title text after the type word. */
static const char *match_type(vnp_document *doc, const para *p, size_t *type_len,
                              const char **rest)
{
    if (p->kind != PARA_TEXT || p->len > 600)
        return NULL;
    size_t matched = 0;
    const char *code = lexicon_prefix(doc->internal, "doctypes.tsv", p->text, p->len, &matched);
    if (!code || !is_vn_upper_text(p->text, matched))
        return NULL;
    *type_len = matched;
    *rest = p->text + matched;
    while (**rest == ' ' || **rest == ':')
        (*rest)++;
    return code;
}

/* The title ends where the preamble, an annex, the addressee, a heading or
 * the issuing authority's line begins. A title may itself open with a
 * basis word ("Thực hiện Chương trình ..."): the first paragraph after the
 * type line is the title when it does not end like a clause of the
 * preamble. */
/* A short rule ("---------") under the title. */
static bool is_rule_para(const para *p)
{
    size_t dashes = 0;
    for (size_t i = 0; i < p->len; i++) {
        if (p->text[i] == '-' || p->text[i] == '_' || p->text[i] == '=')
            dashes++;
        else if (p->text[i] != ' ')
            return false;
    }
    return dashes >= 3;
}

/* The authority line of a decision names the body that decides, in
 * capitals, right above the first basis ("ỦY BAN THƯỜNG VỤ QUỐC HỘI" /
 * "Căn cứ Hiến pháp ..."). */
static bool is_authority_line(struct vnp_internal *in, const para *p, const para *next)
{
    return next && next->kind == PARA_TEXT && is_vn_upper_text(p->text, p->len) &&
           lexicon_prefix(in, "issuer_heads.tsv", p->text, p->len, NULL) &&
           opens_basis(in, next->text, next->len);
}

static bool ends_title(vnp_document *doc, const para *p, const para *next, bool first)
{
    struct vnp_internal *in = doc->internal;
    if (p->kind != PARA_TEXT || p->len > 500)
        return true;
    if (!first && (is_rule_para(p) || is_authority_line(in, p, next)))
        return true;
    char last = p->len ? p->text[p->len - 1] : ';';
    bool clause_end = strchr(";:.,", last) != NULL;
    bool opener = opens_basis(in, p->text, p->len);
    if (opener && (!first || clause_end))
        return true;
    if (opens_annex(in, p->text, p->len, NULL) || opens_addressee(in, p->text, p->len))
        return true;
    /* the issuing authority line of a decision: "CHỦ TỊCH ỦY BAN NHÂN DÂN ..." */
    const char *kind = lexicon_prefix(in, "signer_titles.tsv", p->text, p->len, NULL);
    if (kind && is_vn_upper_text(p->text, p->len))
        return true;
    return para_is_heading(p);
}

static void read_title(vnp_document *doc, const paragraphs_product *paras, size_t type_para,
                       const char *rest, title_product *out)
{
    strbuf t = {0};
    size_t taken = 0;
    if (*rest) {
        const para *tp = &paras->paras[type_para];
        sb_puts(&t, rest);
        doc->title_line = para_line_at(tp, (size_t)(rest - tp->text), NULL);
    }
    for (size_t i = type_para + 1; i < paras->count && taken < TITLE_MAX_PARAS; i++) {
        const para *p = &paras->paras[i];
        const para *next = i + 1 < paras->count ? &paras->paras[i + 1] : NULL;
        if (ends_title(doc, p, next, taken == 0 && !*rest))
            break;
        if (t.len)
            sb_putc(&t, ' ');
        else
            doc->title_line = p->line;
        sb_append(&t, p->text, p->len);
        out->title_end = i + 1;
        taken++;
    }
    if (t.len) {
        size_t n = fold_spaces(t.data, t.len);
        while (n && (t.data[n - 1] == ';' || t.data[n - 1] == ':'))
            n--;
        doc->title = copy(doc, t.data, n);
    }
    sb_free(&t);
}

/* An orientation beyond the period: "định hướng đến năm 2030", "tầm nhìn
 * đến năm 2045" after the period's years (function_words.tsv,
 * orientation). */
static bool opens_orientation(struct vnp_internal *in, const char *s, size_t n, size_t i)
{
    if (i > 0 && s[i - 1] != ' ' && s[i - 1] != ',')
        return false;
    return listed_word_opens(in, "function_words.tsv", "orientation", s + i, n - i, NULL);
}

/* The years the title names ("năm 2026", "giai đoạn 2021-2025"): the
 * period runs from the first to the last, up to an orientation after them
 * (opens_orientation), whose years are not the plan's. A year inside a
 * document symbol ("/2025/") is not a period. */
static void read_period(vnp_document *doc)
{
    const char *s = doc->title;
    if (!s)
        return;
    size_t n = strlen(s);
    for (size_t i = 0; i + 4 <= n; i++) {
        if (doc->period_from && opens_orientation(doc->internal, s, n, i))
            break;
        bool digits = s[i] >= '0' && s[i] <= '9' && s[i + 1] >= '0' && s[i + 1] <= '9' &&
                      s[i + 2] >= '0' && s[i + 2] <= '9' && s[i + 3] >= '0' && s[i + 3] <= '9';
        if (!digits)
            continue;
        bool alone = (i == 0 || (!(s[i - 1] >= '0' && s[i - 1] <= '9') && s[i - 1] != '/')) &&
                     (i + 4 == n || (!(s[i + 4] >= '0' && s[i + 4] <= '9') && s[i + 4] != '/'));
        int y = to_int(s + i, 4);
        if (alone && y >= 1945 && y <= 2200) {
            if (!doc->period_from || y < doc->period_from)
                doc->period_from = y;
            if (y > doc->period_to)
                doc->period_to = y;
        }
        i += 3;
    }
}

/* Where the first word of s[0..n) that is a subject word ("V/v") starts,
 * with more text after it (*vv: the word), or n: tried at each word's
 * start, the text's and each byte after a space, found from one space to
 * the next with memchr. */
static size_t subject_word(vnp_document *doc, const role_openers *subject, const char *s,
                           size_t n, word_hit *vv)
{
    for (size_t i = 0; i < n;) {
        if (role_openers_may_open(subject, s + i, n - i) &&
            listed_word_opens(doc->internal, "function_words.tsv", "subject", s + i, n - i, vv) &&
            i + vv->len < n)
            return i;
        const char *space = memchr(s + i, ' ', n - i);
        if (!space)
            break;
        i = (size_t)(space - s) + 1;
    }
    return n;
}

/* An official letter (công văn) has no type line; its subject stands
 * after "V/v" ("về việc"), often in the cell of the number line. */
static bool try_subject(vnp_document *doc, const char *s, size_t n, size_t line, void *ctx)
{
    word_hit vv;
    size_t i = subject_word(doc, ctx, s, n, &vv);
    if (i == n)
        return false;
    size_t k = i + vv.len;
    while (k < n && (s[k] == ' ' || s[k] == ':'))
        k++;
    size_t end = n;
    while (end > k && strchr(" .;", s[end - 1]))
        end--;
    if (end <= k || strspn(s + k, ".…") == end - k)
        return false; /* a blank form: "V/v: ……" */
    doc->title = copy(doc, s + k, end - k);
    doc->title_line = line;
    return true;
}

static size_t header_limit(vnp_document *doc, const paragraphs_product *paras)
{
    size_t limit = paras->count < HEADER_MAX_PARAS ? paras->count : HEADER_MAX_PARAS;
    for (size_t i = 0; i < limit; i++) {
        const para *p = &paras->paras[i];
        if (p->kind == PARA_TEXT && opens_basis(doc->internal, p->text, p->len))
            return i;
    }
    return limit;
}

vnp_status header_extract(vnp_document *doc, const paragraphs_product *paras,
                          title_product *out)
{
    size_t limit = header_limit(doc, paras);
    *out = (title_product){0};
    visit(doc, paras, limit, try_number, NULL);
    visit(doc, paras, limit, try_place_date, NULL);
    for (size_t i = 0; i < limit; i++) {
        size_t tlen = 0;
        const char *rest = NULL;
        const para *p = &paras->paras[i];
        const char *code = match_type(doc, p, &tlen, &rest);
        if (!code)
            continue;
        doc->type = copy(doc, p->text, tlen);
        doc->type_code =
            strcmp(code, "-") == 0 ? NULL : arena_strdup(&doc->internal->mem, code);
        doc->type_line = p->line;
        out->title_end = i + 1;
        read_title(doc, paras, i, rest, out);
        break;
    }
    if (!doc->title) {
        role_openers subject; /* most words are told from "V/v" at once */
        role_openers_read(doc->internal, "function_words.tsv", "subject", &subject);
        visit(doc, paras, limit, try_subject, &subject);
    }
    read_period(doc);
    if (!doc->type)
        diag_add(doc, VNP_SEV_NOTE, VNP_DIAG_NO_TYPE, 0, "no document type line found in the header");
    return stage_status(doc);
}
