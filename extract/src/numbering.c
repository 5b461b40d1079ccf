/* Numbering tokens, in one place: the numbers that open headings and list
 * items ("I.", "1.", "2.1", "1.2.3.", "a)", "đ)", "Điều 3", "Chương II",
 * "Phần I", "Mục 1") and the place a token names in its list; the number
 * a table cell holds whole ("1", "III.1", "A", "Bước 2", "-"); the number
 * that opens an entry of a PDF table's first column ("4.1", "a)"). The
 * words ("Điều", "Bước") are grammars/numbering_words.tsv. A shared test
 * below the stages: layout, header, parts, outline, tables, prose and the
 * PDF layout call it, and it calls no stage. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* The roles of grammars/numbering_words.tsv that name a heading level. */
static const struct {
    const char *role;
    enum heading_style style;
} named_styles[] = {{"part", STYLE_PART},
                    {"chapter", STYLE_CHAPTER},
                    {"section", STYLE_SECTION},
                    {"article", STYLE_ARTICLE},
                    {NULL, STYLE_NONE}};

static enum heading_style style_of_role(const word_hit *h)
{
    for (size_t k = 0; named_styles[k].role; k++)
        if (strlen(named_styles[k].role) == h->role_len &&
            strncmp(named_styles[k].role, h->role, h->role_len) == 0)
            return named_styles[k].style;
    return STYLE_NONE;
}

static bool is_roman(char c)
{
    return c == 'I' || c == 'V' || c == 'X' || c == 'L' || c == 'C';
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* "Điều 3." / "Chương II" / "Mục 1": the word, a number, then . : or space */
static bool parse_named(const char *s, size_t n, heading_token *t)
{
    word_hit h;
    if (!listed_word_opens(NULL, "numbering_words.tsv", NULL, s, n, &h))
        return false;
    enum heading_style style = style_of_role(&h);
    size_t w = h.len;
    if (style == STYLE_NONE || n <= w + 1 || s[w] != ' ')
        return false;
    size_t i = w + 1, num = i;
    while (i < n && (is_digit(s[i]) || is_roman(s[i])))
        i++;
    if (i == num || (i < n && !strchr(".: ", s[i])))
        return false;
    t->style = style;
    t->number = s; /* "Điều 3", "Chương II": the word belongs to the number */
    t->number_len = i;
    while (i < n && (s[i] == '.' || s[i] == ':' || s[i] == ' '))
        i++;
    t->title = s + i;
    return true;
}

/* "1.", "1.2", "1.2.3.", "II.", "a)", "đ)" */
static bool parse_numeric(const char *s, size_t n, heading_token *t)
{
    size_t i = 0, dots = 0;
    if (n > 2 && is_digit(s[0])) {
        size_t part = 0; /* digits in the current part: "1.250" is an amount */
        while (i < n && (is_digit(s[i]) || (s[i] == '.' && i + 1 < n && s[i + 1] != ' '))) {
            part = s[i] == '.' ? 0 : part + 1;
            if (dots > 0 && part > 2)
                return false;
            dots += s[i++] == '.';
        }
        bool closed = i < n && (s[i] == '.' || s[i] == ')');
        if (!(closed || dots > 0) || (i < n && !closed && s[i] != ' '))
            return false;
        t->number = s;
        t->number_len = i;
        t->style = dots == 0 ? STYLE_ARABIC : dots == 1 ? STYLE_DECIMAL2 : STYLE_DECIMAL3;
        i += closed;
    } else if (n > 2 && is_roman(s[0])) {
        while (i < n && is_roman(s[i]))
            i++;
        if (i >= n || s[i] != '.')
            return false;
        t->number = s;
        t->number_len = i++;
        t->style = STYLE_ROMAN;
    } else if (n > 2 && ((s[0] >= 'a' && s[0] <= 'z' && s[1] == ')') ||
                         (n > 3 && strncmp(s, "đ)", 3) == 0))) {
        t->number = s;
        t->number_len = s[1] == ')' ? 1 : 2; /* "đ" is two bytes */
        t->style = STYLE_LETTER;
        i = t->number_len + 1;
    } else {
        return false;
    }
    if (i < n && s[i] != ' ')
        return false;
    t->title = s + i + (i < n);
    return true;
}

bool parse_heading_token(const char *s, size_t n, heading_token *t)
{
    memset(t, 0, sizeof *t);
    return parse_named(s, n, t) || parse_numeric(s, n, t);
}

int roman_value(const char *s, size_t n)
{
    int v = 0, prev = 0;
    for (size_t i = n; i-- > 0;) {
        if (!is_roman(s[i]))
            return 0;
        int d = s[i] == 'I' ? 1 : s[i] == 'V' ? 5 : s[i] == 'X' ? 10 : s[i] == 'L' ? 50 : 100;
        v += d < prev ? -d : d;
        prev = d > prev ? d : prev;
    }
    return v;
}

/* The position a numbering token names in its list: 5 for "5", 2 for
 * "1.2", 2 for "b)", 4 for "IV", 3 for "Điều 3". */
int numbering_ordinal(const heading_token *t)
{
    const char *s = t->number;
    size_t n = t->number_len;
    if (t->style == STYLE_LETTER) {
        if (n == 2) /* "đ" comes after "d" */
            return 5;
        return s[0] - 'a' + 1 + (s[0] > 'd');
    }
    size_t start = n;
    while (start > 0 && s[start - 1] != '.' && s[start - 1] != ' ')
        start--;
    if (start < n && is_roman(s[start]))
        return roman_value(s + start, n - start);
    return atoi(s + start);
}

/* ---- the number of a table cell ---------------------------------------- */

static bool all_roman(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strchr("IVXL", s[i]))
            return false;
    return n > 0 && n <= 6;
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return n > 0;
}

cell_numbering cell_number_style(const char *s, size_t n, size_t *depth)
{
    *depth = 0;
    while (n && (s[n - 1] == '.' || s[n - 1] == ' '))
        n--;
    if (n == 0)
        return NS_NONE;
    if (n == 1 && strchr("-+*", s[0]))
        return NS_BULLET;
    if (n == 3 && strncmp(s, "–", 3) == 0)
        return NS_BULLET;
    word_hit step; /* "Bước 2" */
    if (listed_word_opens(NULL, "numbering_words.tsv", "step", s, n, &step) && n > step.len + 1 &&
        s[step.len] == ' ' && all_digits(s + step.len + 1, n - step.len - 1))
        return NS_STEP;
    if (n >= 2 && (s[0] == 'B' || s[0] == 'b') && all_digits(s + 1, n - 1))
        return NS_STEP;
    if ((n == 2 && s[0] >= 'a' && s[0] <= 'z' && s[1] == ')') ||
        (n == 3 && strncmp(s, "đ)", 3) == 0))
        return NS_LETTER;
    if (n == 1 && s[0] >= 'A' && s[0] <= 'H')
        return NS_CAPITAL;
    size_t head = strcspn(s, ".");
    if (head > n)
        head = n;
    bool roman = all_roman(s, head), arabic = all_digits(s, head);
    if (!roman && !arabic)
        return NS_NONE;
    for (size_t i = head; i < n;) { /* ".2.1" */
        size_t part = strcspn(s + i + 1, ".");
        if (i + 1 + part > n)
            part = n - i - 1;
        if (!all_digits(s + i + 1, part))
            return NS_NONE;
        ++*depth;
        i += 1 + part;
    }
    if (roman)
        return *depth ? NS_ROMAN_DOTTED : NS_ROMAN;
    return NS_ARABIC;
}

/* ---- the number of an entry: one word of a PDF table's first column ----- */

/* Digits or Roman letters, never both, with any dots and closing brackets
 * ("12.", "4.1", "IV.", "1)"); a lower-case letter with ")" or "."; a
 * bullet "-" or "+". Looser than a cell's number (cell_number_style): a
 * word of a PDF row is numbered before its cell is whole. */
bool is_entry_number(const char *s, size_t n)
{
    if (n == 1 && (s[0] == '-' || s[0] == '+'))
        return true;
    if (n == 2 && (s[1] == ')' || s[1] == '.') && s[0] >= 'a' && s[0] <= 'z')
        return true;
    size_t digits = 0, romans = 0;
    for (size_t i = 0; i < n; i++) {
        if (is_digit(s[i]))
            digits++;
        else if (s[i] == 'I' || s[i] == 'V' || s[i] == 'X' || s[i] == 'L')
            romans++;
        else if (s[i] != '.' && s[i] != ')')
            return false;
    }
    return (digits > 0) != (romans > 0);
}
