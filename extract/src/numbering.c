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

#include <pthread.h>
#include <stdatomic.h>

/* The roles of grammars/numbering_words.tsv that name a heading level. */
#define NAMED_STYLE(role, style) {role, sizeof role - 1, style}
static const struct {
    const char *role;
    size_t len; /* bytes of role, told at compile time */
    enum heading_style style;
} named_styles[] = {NAMED_STYLE("part", STYLE_PART),
                    NAMED_STYLE("chapter", STYLE_CHAPTER),
                    NAMED_STYLE("section", STYLE_SECTION),
                    NAMED_STYLE("article", STYLE_ARTICLE),
                    {NULL, 0, STYLE_NONE}};

static enum heading_style style_of_role(const word_hit *h)
{
    for (size_t k = 0; named_styles[k].role; k++)
        if (named_styles[k].len == h->role_len &&
            memcmp(named_styles[k].role, h->role, h->role_len) == 0)
            return named_styles[k].style;
    return STYLE_NONE;
}

/* The rows of numbering_words.tsv, split once per process, to tell the
 * many texts that open with none of a role's words before the word list
 * is asked (which then decides, in file order, as before). */
static const role_spec numbering_roles[] = {{"part", WORD_OPENS},    {"chapter", WORD_OPENS},
                                            {"section", WORD_OPENS}, {"article", WORD_OPENS},
                                            {"step", WORD_OPENS}};
enum { NUMBERING_ROLES = sizeof numbering_roles / sizeof *numbering_roles, STEP_ROLE = 4 };
static role_words numbering_rows[NUMBERING_ROLES];
/* By a text's first byte: may a row of the role match it? may a row of
 * a heading role (all but the step)? */
static bool numbering_may_open[NUMBERING_ROLES][256];
/* The second letter of each folded row's key (opening_second_letter), 0: not told. */
static int32_t numbering_second[NUMBERING_ROLES][ROLE_WORDS_MAX];
static bool heading_word_may_open[256];
/* By a text's first byte, the second bytes a numbering token may have
 * after it, as bits: a heading word's, a number's, a letter's before
 * ")". A text whose first two bytes are no token's is told at once. */
static uint64_t token_second[256][4];
static bool numbering_rows_read; /* every row read: the tables above tell */
static pthread_once_t numbering_rows_once = PTHREAD_ONCE_INIT;

static bool is_roman(char c)
{
    return c == 'I' || c == 'V' || c == 'X' || c == 'L' || c == 'C';
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Does starts_with_ci(s, n, word) surely say no, told from the first
 * bytes alone? Its own first test: both ASCII, different case-folded. */
static bool first_bytes_differ(unsigned char a, unsigned char b)
{
    return a < 0x80 && b < 0x80 && (a | 0x20) != (b | 0x20);
}

/* The rows of every role in file order, as listed_word_opens() of any
 * role tries them: the role (its index in numbering_roles) and the row's
 * index among the role's. */
static struct {
    unsigned char role, row;
} numbering_order[NUMBERING_ROLES * ROLE_WORDS_MAX];
static size_t numbering_order_count;
static bool numbering_order_read; /* numbering_order holds every row */

/* Reads numbering_order from the built-in copy that role_words_load read
 * (whose every line that is neither empty nor a comment is a row of a
 * role asked for): true when each role's rows are all placed. */
static bool read_numbering_order(void)
{
    size_t len, placed[NUMBERING_ROLES] = {0};
    const char *t = lexicon_text("numbering_words.tsv", &len);
    for (size_t pos = 0; t && pos < len;) {
        const char *nl = memchr(t + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - t) : len, n = end - pos;
        const char *line = t + pos, *tab1 = n ? memchr(line, '\t', n) : NULL;
        const char *tab2 = tab1 ? memchr(tab1 + 1, '\t', n - (size_t)(tab1 + 1 - line)) : NULL;
        pos = end + 1;
        if (!n || line[0] == '#' || (n == 1 && line[0] == '\r'))
            continue;
        size_t k = 0, rn = tab2 ? (size_t)(tab2 - tab1 - 1) : 0;
        while (k < NUMBERING_ROLES && !(tab2 && strlen(numbering_roles[k].role) == rn &&
                                        memcmp(numbering_roles[k].role, tab1 + 1, rn) == 0))
            k++;
        if (k == NUMBERING_ROLES || placed[k] == numbering_rows[k].count)
            return false;
        numbering_order[numbering_order_count].role = (unsigned char)k;
        numbering_order[numbering_order_count++].row = (unsigned char)placed[k]++;
    }
    for (size_t k = 0; k < NUMBERING_ROLES; k++)
        if (placed[k] != numbering_rows[k].count)
            return false;
    return t != NULL;
}

static void read_numbering_rows(void)
{
    char why[200];
    if (!role_words_load(NULL, "numbering_words.tsv", numbering_roles, NUMBERING_ROLES,
                         numbering_rows, why, sizeof why)) {
        memset(numbering_may_open, 1, sizeof numbering_may_open); /* the word list decides */
        memset(heading_word_may_open, 1, sizeof heading_word_may_open);
        return;
    }
    numbering_rows_read = true;
    numbering_order_read = read_numbering_order();
    for (size_t k = 0; k < NUMBERING_ROLES; k++)
        for (size_t i = 0; i < numbering_rows[k].count; i++) {
            const char *word = numbering_rows[k].word[i];
            size_t len = numbering_rows[k].len[i];
            if (opening_first_letter(word, len))
                numbering_second[k][i] = opening_second_letter(word, len);
            unsigned char b = (unsigned char)word[0];
            for (unsigned a = 1; a < 256; a++)
                numbering_may_open[k][a] |=
                    numbering_rows[k].exact[i] ? a == b : !first_bytes_differ((unsigned char)a, b);
        }
    for (size_t k = 0; k < NUMBERING_ROLES; k++)
        for (unsigned a = 0; a < 256 && k != STEP_ROLE; a++)
            heading_word_may_open[a] |= numbering_may_open[k][a];
}

static void allow_second(unsigned a, unsigned char b)
{
    token_second[a][b / 64] |= 1ull << (b % 64);
}

static void allow_any_second(unsigned a)
{
    memset(token_second[a], 0xFF, sizeof token_second[a]);
}

/* The second bytes the heading words that may open a text at first byte
 * a allow (parse_named): an exact row's own (the word's first byte is
 * a), any for a folded row, a row of one byte or rows not read. */
static void allow_heading_seconds(unsigned a)
{
    for (size_t k = 0; k < NUMBERING_ROLES; k++) {
        const role_words *r = &numbering_rows[k];
        if (k == STEP_ROLE || !numbering_may_open[k][a])
            continue;
        if (!r->count)
            allow_any_second(a);
        for (size_t i = 0; i < r->count; i++) {
            if (!r->exact[i] || r->len[i] < 2)
                allow_any_second(a);
            else if ((unsigned char)r->word[i][0] == a)
                allow_second(a, (unsigned char)r->word[i][1]);
        }
    }
}

/* token_second, from the heading words and parse_numeric's tokens: a
 * digit before a digit, "." or ")"; a Roman letter before one or "."; a
 * lower-case letter before ")"; "đ" (C4 91) before ")". */
static void fill_token_second(void)
{
    static const char romans[] = "IVXLC";
    if (!numbering_rows_read) { /* the word list decides */
        memset(token_second, 0xFF, sizeof token_second);
        return;
    }
    for (unsigned a = 0; a < 256; a++) {
        char c = (char)a;
        if (heading_word_may_open[a])
            allow_heading_seconds(a);
        if (is_digit(c)) {
            for (unsigned char d = '0'; d <= '9'; d++)
                allow_second(a, d);
            allow_second(a, '.');
            allow_second(a, ')');
        }
        if (is_roman(c)) {
            for (const char *r = romans; *r; r++)
                allow_second(a, (unsigned char)*r);
            allow_second(a, '.');
        }
        if (a >= 'a' && a <= 'z')
            allow_second(a, ')');
        if (a == 0xC4)
            allow_second(a, 0x91);
    }
}

static void read_numbering_tables(void)
{
    read_numbering_rows();
    fill_token_second();
}

/* Set once the rows are read, so that the many texts told at their first
 * byte skip pthread_once's call. */
static atomic_bool numbering_rows_ready;

#if defined(__GNUC__)
#define NUMBERING_NOINLINE __attribute__((noinline))
#else
#define NUMBERING_NOINLINE
#endif

/* Out of line, so that the callers that find the rows read (all but the
 * first) save no registers for the call. */
static NUMBERING_NOINLINE void read_numbering_rows_once(void)
{
    pthread_once(&numbering_rows_once, read_numbering_tables);
    atomic_store_explicit(&numbering_rows_ready, true, memory_order_release);
}

static void ensure_numbering_rows(void)
{
    if (!atomic_load_explicit(&numbering_rows_ready, memory_order_acquire))
        read_numbering_rows_once();
}

/* Does starts_with_ci(s, n, word) surely say no? Its own first tests (the
 * first bytes, or first letters that keys_differ_at_once tells apart), or
 * second letters that differ (second: the word's, 0 when not told; a word
 * of three bytes or more is compared past the text's first two
 * characters). */
static bool surely_not_folded(const char *s, size_t n, const char *word, size_t len,
                              int32_t second)
{
    unsigned char a = n ? (unsigned char)s[0] : 0;
    if (first_bytes_differ(a, (unsigned char)word[0]) ||
        keys_differ_at_once(s, n < len * 2 ? n : len * 2, word, len))
        return true;
    if (len < 3 || !second || !opening_first_letter(s, n))
        return false;
    int32_t own = opening_second_letter(s, n);
    return own && own != second;
}

/* May s[0..n) open with a word of role k, as listed_word_opens tests a
 * row (exact rows byte for byte, folded ones by starts_with_ci)? False
 * only when no row of the role can match. */
static bool may_open_role(size_t k, const char *s, size_t n)
{
    unsigned char a = n ? (unsigned char)s[0] : 0;
    if (!numbering_may_open[k][a])
        return false;
    const role_words *r = &numbering_rows[k];
    if (!r->count)
        return true; /* the rows were not read: the word list decides */
    for (size_t i = 0; i < r->count; i++)
        if (r->exact[i] ? n >= r->len[i] && memcmp(s, r->word[i], r->len[i]) == 0
                        : !surely_not_folded(s, n, r->word[i], r->len[i], numbering_second[k][i]))
            return true;
    return false;
}

/* Does s[0..n) hold, after the `len` bytes of a word, the space and the
 * digit or Roman letter that parse_named reads after a heading word? */
static bool number_after_word(const char *s, size_t n, size_t len)
{
    return n > len + 1 && s[len] == ' ' && (is_digit(s[len + 1]) || is_roman(s[len + 1]));
}

/* May s[0..n) open with the word of a heading level ("Điều", "Chương")
 * and a number after it, as parse_named reads them? False only when no
 * row of a heading role can both match the text (as may_open_role tells)
 * and have the space and number after its word: then whichever row the
 * word list finds first, parse_named says no. */
static bool may_open_heading_word(const char *s, size_t n)
{
    ensure_numbering_rows();
    unsigned char a = n ? (unsigned char)s[0] : 0;
    if (!heading_word_may_open[a])
        return false;
    for (size_t k = 0; k < NUMBERING_ROLES; k++) {
        if (k == STEP_ROLE || !numbering_may_open[k][a])
            continue;
        const role_words *r = &numbering_rows[k];
        if (!r->count)
            return true; /* the rows were not read: the word list decides */
        for (size_t i = 0; i < r->count; i++)
            if (number_after_word(s, n, r->len[i]) &&
                (r->exact[i] ? memcmp(s, r->word[i], r->len[i]) == 0
                             : !surely_not_folded(s, n, r->word[i], r->len[i],
                                                  numbering_second[k][i])))
                return true;
    }
    return false;
}

static bool may_open_step_word(const char *s, size_t n)
{
    ensure_numbering_rows();
    return may_open_role(STEP_ROLE, s, n);
}

/* Does s[0..n) open with a step's word ("Bước")? *len gets the bytes of
 * the first such row: listed_word_opens() of the step role, compared over
 * the rows read once (the role's rows in file order, exact ones byte for
 * byte, folded ones by starts_with_ci), without the word list's look-up. */
static bool opens_step_word(const char *s, size_t n, size_t *len)
{
    word_hit step;
    ensure_numbering_rows();
    if (!numbering_rows_read) { /* the word list decides */
        if (!may_open_step_word(s, n) ||
            !listed_word_opens(NULL, "numbering_words.tsv", "step", s, n, &step))
            return false;
        *len = step.len;
        return true;
    }
    /* told apart by the first byte, or compared at once: the texts asked
     * about (a word and a number) mostly are steps, which a test before
     * the comparison would only slow */
    if (!numbering_may_open[STEP_ROLE][n ? (unsigned char)s[0] : 0])
        return false;
    const role_words *r = &numbering_rows[STEP_ROLE];
    for (size_t i = 0; i < r->count; i++) {
        bool match = r->exact[i] ? n >= r->len[i] && memcmp(s, r->word[i], r->len[i]) == 0
                                 : starts_with_ci(s, n, r->word[i]);
        if (match) {
            *len = r->len[i];
            return true;
        }
    }
    return false;
}

/* listed_word_opens() of any role of numbering_words.tsv, over the rows
 * read once in file order (exact rows byte for byte, folded ones by
 * starts_with_ci, each past the tests that tell at once that it cannot
 * match), without the word list's look-up. */
static bool numbering_row_opens(const char *s, size_t n, word_hit *hit)
{
    if (!numbering_order_read)
        return listed_word_opens(NULL, "numbering_words.tsv", NULL, s, n, hit);
    unsigned char a = n ? (unsigned char)s[0] : 0;
    for (size_t j = 0; j < numbering_order_count; j++) {
        size_t k = numbering_order[j].role, i = numbering_order[j].row;
        const role_words *r = &numbering_rows[k];
        if (!numbering_may_open[k][a])
            continue;
        bool match = r->exact[i] ? n >= r->len[i] && memcmp(s, r->word[i], r->len[i]) == 0
                                 : !surely_not_folded(s, n, r->word[i], r->len[i],
                                                      numbering_second[k][i]) &&
                                       starts_with_ci(s, n, r->word[i]);
        if (match) {
            const char *role = numbering_roles[k].role;
            *hit = (word_hit){r->word[i], role, strlen(role), r->len[i]};
            return true;
        }
    }
    return false;
}

/* "Điều 3." / "Chương II" / "Mục 1": the word, a number, then . : or space */
static bool parse_named(const char *s, size_t n, heading_token *t)
{
    word_hit h;
    /* the first row in file order decides; a text that opens with no
     * heading word is none, whichever row that is */
    if (!may_open_heading_word(s, n) || !numbering_row_opens(s, n, &h))
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

/* The full reading, out of line: its frame (a word hit, saved registers)
 * is paid only by the texts that pass the quick test below. */
static NUMBERING_NOINLINE bool parse_token_fully(const char *s, size_t n, heading_token *t)
{
    return parse_named(s, n, t) || parse_numeric(s, n, t);
}

static bool rows_read_then_parse(const char *s, size_t n, heading_token *t);

bool parse_heading_token(const char *s, size_t n, heading_token *t)
{
    memset(t, 0, sizeof *t);
    /* both readings need three bytes: "1.x", "a) ", a word, a space and a number */
    if (n < 3)
        return false;
    if (!atomic_load_explicit(&numbering_rows_ready, memory_order_acquire))
        return rows_read_then_parse(s, n, t); /* a tail call: no frame here */
    /* most texts are told at their first two bytes */
    unsigned char a = (unsigned char)s[0], b = (unsigned char)s[1];
    if (!(token_second[a][b / 64] >> (b % 64) & 1))
        return false;
    /* no heading word opens with this byte: parse_named would say no at
     * once, and the numbers are read without the named reading's frame */
    if (!heading_word_may_open[a])
        return parse_numeric(s, n, t);
    return parse_token_fully(s, n, t);
}

/* parse_heading_token() on the first question: the rows read first. */
static NUMBERING_NOINLINE bool rows_read_then_parse(const char *s, size_t n, heading_token *t)
{
    ensure_numbering_rows();
    return parse_heading_token(s, n, t);
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
        if (s[i] != 'I' && s[i] != 'V' && s[i] != 'X' && s[i] != 'L')
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

/* Does s[0..n) end in " N", digits after a space that is not its first
 * byte? A step ("Bước 2") does: its word, a space, then digits only; told
 * from the bytes before the word list is asked. */
static bool ends_in_spaced_number(const char *s, size_t n)
{
    size_t i = n;
    while (i > 0 && is_digit(s[i - 1]))
        i--;
    return i < n && i >= 2 && s[i - 1] == ' ';
}

cell_numbering cell_number_style(const char *s, size_t n, size_t *depth)
{
    *depth = 0;
    while (n && (s[n - 1] == '.' || s[n - 1] == ' '))
        n--;
    if (n == 0)
        return NS_NONE;
    if (n == 1 && (s[0] == '-' || s[0] == '+' || s[0] == '*'))
        return NS_BULLET;
    if (n == 3 && strncmp(s, "–", 3) == 0)
        return NS_BULLET;
    size_t step = 0; /* "Bước 2": a cell that ends in no digit is no step */
    if (ends_in_spaced_number(s, n) && opens_step_word(s, n, &step) && n > step + 1 &&
        s[step] == ' ' && all_digits(s + step + 1, n - step - 1))
        return NS_STEP;
    if (n >= 2 && (s[0] == 'B' || s[0] == 'b') && all_digits(s + 1, n - 1))
        return NS_STEP;
    if ((n == 2 && s[0] >= 'a' && s[0] <= 'z' && s[1] == ')') ||
        (n == 3 && strncmp(s, "đ)", 3) == 0))
        return NS_LETTER;
    if (n == 1 && s[0] >= 'A' && s[0] <= 'H')
        return NS_CAPITAL;
    /* the head runs to the first "."; a byte before it that is neither a
     * digit nor a Roman letter makes it neither all Roman nor all digits
     * (most cells: their text is told there, not at the first ".") */
    size_t head = 0;
    while (head < n && (is_digit(s[head]) || s[head] == 'I' || s[head] == 'V' ||
                        s[head] == 'X' || s[head] == 'L'))
        head++;
    if (head < n && s[head] != '.')
        return NS_NONE;
    bool roman = all_roman(s, head), arabic = all_digits(s, head);
    if (!roman && !arabic)
        return NS_NONE;
    for (size_t i = head; i < n;) { /* ".2.1" */
        const char *dot = memchr(s + i + 1, '.', n - i - 1);
        size_t part = dot ? (size_t)(dot - (s + i + 1)) : n - i - 1;
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
