/* Deadlines: a table's time cell read as dates in the plan's period.
 *
 * "Quý II/2026", "Tháng 02", "Trước 31/12 hàng năm", "Thường xuyên",
 * "Theo kế hoạch của Tỉnh", "Sau khi có Kế hoạch của UBND tỉnh (dự kiến
 * quý I/2026)"... become a kind, a first and last day, a yearly recurrence
 * for "hàng năm" in a plan of several years, and the words that make the
 * time conditional. A time without a year takes the period's first year.
 * The key words compare through match keys, so case and tone placement do
 * not matter; the condition keeps the document's spelling. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#define DUE_TEXT_MAX 4096

typedef struct span_t {
    const char *s;
    size_t n;
} span_t;

const char *vnp_due_kind_string(vnp_due_kind kind)
{
    static const char *const names[] = {"none",   "date",    "month",      "quarter",
                                        "year",   "range",   "before",     "ongoing",
                                        "after",  "as-directed", "periodic", "on-occurrence",
                                        "multiple"};
    return kind <= VNP_DUE_MULTIPLE ? names[kind] : "none";
}


static vnp_ymd ymd(int y, int m, int d) { return (vnp_ymd){y, m, d}; }

/* Orders days: larger is later. */
static long day_number(vnp_ymd d) { return (long)d.year * 400 + d.month * 32 + d.day; }

/* A quarter's number as written after "Quý": I to IV, or 1 to 4. */
static int quarter_number(const char *s, size_t n)
{
    static const char *const r[] = {"I", "II", "III", "IV"};
    for (int q = 0; q < 4; q++)
        if (strlen(r[q]) == n && strncmp(r[q], s, n) == 0)
            return q + 1;
    if (n == 1 && s[0] >= '1' && s[0] <= '4')
        return s[0] - '0';
    return 0;
}

/* ---- a cursor over the text ---------------------------------------------- */

typedef struct cursor {
    const char *s;
    size_t n, i;
} cursor;

static void skip_ws(cursor *c)
{
    while (c->i < c->n && (c->s[c->i] == ' ' || c->s[c->i] == ','))
        c->i++;
}

static bool word_char(char ch) { return ch && !strchr(" /,():;-", ch); }

/* Consumes the word(s) `w` when they come next: the same words, whole,
 * compared through match keys ("Tháng" is "tháng", "khiếu" is not "khi"). */
static bool take_word(cursor *c, const char *w)
{
    skip_ws(c);
    size_t words = 1, k = c->i;
    for (const char *p = w; *p; p++)
        words += *p == ' ';
    for (size_t seen = 0; seen < words; seen++) {
        if (k >= c->n || !word_char(c->s[k]))
            return false;
        while (k < c->n && word_char(c->s[k]))
            k++;
        if (seen + 1 < words)
            while (k < c->n && c->s[k] == ' ')
                k++;
    }
    bool same = same_match_key(c->s + c->i, k - c->i, w, strlen(w));
    if (same)
        c->i = k;
    return same;
}

static int take_int(cursor *c, int max_digits)
{
    skip_ws(c);
    int v = 0, d = 0;
    while (c->i < c->n && c->s[c->i] >= '0' && c->s[c->i] <= '9' && d < max_digits) {
        v = v * 10 + (c->s[c->i++] - '0');
        d++;
    }
    return d ? v : -1;
}

static bool take_char(cursor *c, char ch)
{
    skip_ws(c);
    if (c->i < c->n && c->s[c->i] == ch) {
        c->i++;
        return true;
    }
    return false;
}

/* "/2026" after a month or quarter: the year, else the period's. */
static int take_year(cursor *c, int fallback)
{
    size_t save = c->i;
    if (take_char(c, '/') || take_char(c, '-')) {
        int y = take_int(c, 4);
        if (y >= 1900)
            return y;
    }
    c->i = save;
    if (take_word(c, "năm")) {
        int y = take_int(c, 4);
        if (y >= 1900)
            return y;
    }
    c->i = save;
    return fallback;
}

/* ---- time expressions ------------------------------------------------------ */

typedef struct when {
    vnp_due_kind kind;
    vnp_ymd start, end;
} when;

/* "Quý I", "Quý II, III", "Quý IV/2026" */
static bool read_quarter(cursor *c, int year, when *w)
{
    if (!take_word(c, "quý"))
        return false;
    int first = 0, last = 0;
    for (;;) {
        skip_ws(c);
        size_t k = c->i;
        while (k < c->n && strchr("IV1234", c->s[k]))
            k++;
        int q = quarter_number(c->s + c->i, k - c->i);
        if (!q)
            break;
        c->i = k;
        first = first ? first : q;
        last = q;
        size_t save = c->i;
        take_char(c, '-'); /* "II, III", "II - III", "II và III" */
        take_word(c, "và");
        skip_ws(c);
        if (!(c->i < c->n && strchr("IV1234", c->s[c->i]))) {
            c->i = save;
            break;
        }
    }
    if (!first)
        return false;
    int y = take_year(c, year);
    w->kind = first == last ? VNP_DUE_QUARTER : VNP_DUE_RANGE;
    w->start = ymd(y, (first - 1) * 3 + 1, 1);
    w->end = ymd(y, last * 3, days_in_month(y, last * 3));
    return true;
}

/* "Tháng 02", "Tháng 01/2026", "3/2026" */
static bool read_month(cursor *c, int year, when *w)
{
    size_t save = c->i;
    bool word = take_word(c, "tháng");
    int m = take_int(c, 2);
    if (m < 1 || m > 12 || (!word && !(c->i < c->n && c->s[c->i] == '/'))) {
        c->i = save;
        return false;
    }
    int y = take_year(c, year);
    if (!word && y == year && save == c->i) {
        c->i = save;
        return false;
    }
    w->kind = VNP_DUE_MONTH;
    w->start = ymd(y, m, 1);
    w->end = ymd(y, m, days_in_month(y, m));
    return true;
}

/* "Năm 2026", "2026" */
static bool read_year(cursor *c, when *w)
{
    size_t save = c->i;
    take_word(c, "năm");
    int y = take_int(c, 4);
    if (y < 1900 || y > 2200) {
        c->i = save;
        return false;
    }
    w->kind = VNP_DUE_YEAR;
    w->start = ymd(y, 1, 1);
    w->end = ymd(y, 12, 31);
    return true;
}

/* "31/12", "01/6/2026", "ngày 15/3/2026" */
static bool read_day(cursor *c, int year, vnp_ymd *out)
{
    size_t save = c->i;
    take_word(c, "ngày");
    int d = take_int(c, 2);
    if (d < 1 || !take_char(c, '/')) {
        c->i = save;
        return false;
    }
    int m = take_int(c, 2);
    if (m < 1 || m > 12 || d > days_in_month(year, m)) {
        c->i = save;
        return false;
    }
    int y = take_year(c, year);
    *out = ymd(y, m, d);
    return true;
}

/* "6 tháng đầu năm 2026", "06 tháng cuối năm": the first or the second
 * half of the year. */
static bool read_half(cursor *c, int year, when *w)
{
    size_t save = c->i;
    bool first;
    if (take_int(c, 2) != 6 || !take_word(c, "tháng") ||
        !((first = take_word(c, "đầu")) || take_word(c, "cuối")) || !take_word(c, "năm")) {
        c->i = save;
        return false;
    }
    int y = year;
    size_t at = c->i;
    int written = take_int(c, 4);
    if (written >= 1900 && written <= 2200)
        y = written;
    else
        c->i = at;
    w->kind = VNP_DUE_RANGE;
    w->start = ymd(y, first ? 1 : 7, 1);
    w->end = first ? ymd(y, 6, 30) : ymd(y, 12, 31);
    return true;
}

static bool read_time(cursor *c, int year, when *w)
{
    size_t save = c->i;
    vnp_ymd day;
    if (read_half(c, year, w) || read_quarter(c, year, w) || read_month(c, year, w))
        return true;
    if (read_day(c, year, &day)) {
        w->kind = VNP_DUE_DATE;
        w->start = w->end = day;
        return true;
    }
    if (read_year(c, w))
        return true;
    c->i = save;
    return false;
}

/* ---- the whole cell ------------------------------------------------------------ */

/* Cuts "hàng năm", "hằng năm", "trong năm" out of text; returns whether
 * they were there. */
static bool cut_yearly(char *t)
{
    static const char *const words[] = {" hàng năm", " hằng năm", " trong năm"};
    bool found = false;
    for (size_t k = 0; k < 3; k++)
        for (char *p; (p = strstr(t, words[k])) != NULL;) {
            memmove(p, p + strlen(words[k]), strlen(p + strlen(words[k])) + 1);
            found = true;
        }
    return found;
}

/* Does the text s[0..n) name a time at the start of one of its words
 * ("dự kiến quý I/2026", "khoảng tháng 3")? */
static bool names_time(const char *s, size_t n, int year, when *w)
{
    for (size_t i = 0; i < n; i++)
        if (i == 0 || s[i - 1] == ' ') {
            cursor c = {s + i, n - i, 0};
            if (read_time(&c, year, w))
                return true;
        }
    return false;
}

/* The expected window of an "after" deadline, a bracket that names a time
 * ("(dự kiến quý I/2026)", "(khoảng tháng 3/2026)"), cut out. */
static bool cut_window(char *t, int year, when *w)
{
    for (char *open = strchr(t, '('); open; open = strchr(open + 1, '(')) {
        char *close = strchr(open, ')');
        size_t n = close ? (size_t)(close - open - 1) : strlen(open + 1);
        if (n > DUE_TEXT_MAX || !names_time(open + 1, n, year, w))
            continue;
        memmove(open, close ? close + 1 : open + strlen(open), strlen(close ? close + 1 : "") + 1);
        return true;
    }
    return false;
}

/* Lower-cases the first letter in place (its UTF-8 length never changes
 * for Vietnamese letters). */
static void lower_first(char *s)
{
    size_t w;
    int32_t cp = utf8_decode(s, strlen(s), &w);
    if (cp < 0)
        return;
    int32_t lo = utf8proc_tolower(cp);
    char buf[4];
    if (lo != cp && utf8_encode(lo, buf) == w)
        memcpy(s, buf, w);
}

/* The condition: what is left, brackets removed, first letter lower case. */
static char *condition_of(const char *rest)
{
    strbuf b = {0};
    for (const char *p = rest; *p; p++)
        if (*p != '(' && *p != ')')
            sb_putc(&b, *p);
    sb_append(&b, "", 0);
    if (b.failed)
        return NULL;
    size_t n = fold_spaces(b.data, b.len);
    size_t start = 0;
    while (start < n && (b.data[start] == '-' || b.data[start] == ' ' || b.data[start] == ':'))
        start++;
    while (n > start && strchr(" .;,-", b.data[n - 1]))
        n--;
    if (n == start) {
        sb_free(&b);
        return NULL;
    }
    char *out = mem_alloc(n - start + 4);
    if (!out)
        vnp_alloc_failed = true;
    if (out) {
        memcpy(out, b.data + start, n - start);
        out[n - start] = '\0';
        lower_first(out);
    }
    sb_free(&b);
    return out;
}

static vnp_due_kind keyword_kind(cursor *c)
{
    size_t save = c->i;
    if (take_word(c, "thường xuyên"))
        return VNP_DUE_ONGOING;
    if ((take_word(c, "hàng") || take_word(c, "hằng")) &&
        (take_word(c, "quý") || take_word(c, "tháng") || take_word(c, "tuần"))) {
        c->i = save; /* "Hàng quý": every quarter */
        return VNP_DUE_PERIODIC;
    }
    c->i = save;
    if (take_word(c, "theo định kỳ") || take_word(c, "định kỳ")) {
        c->i = save;
        return VNP_DUE_PERIODIC;
    }
    if (take_word(c, "theo")) {
        c->i = save;
        return VNP_DUE_AS_DIRECTED;
    }
    if (take_word(c, "khi có") || take_word(c, "khi")) {
        c->i = save;
        return VNP_DUE_ON_OCCURRENCE;
    }
    if (take_word(c, "sau khi") || take_word(c, "sau")) {
        c->i = save;
        return VNP_DUE_AFTER;
    }
    return VNP_DUE_NONE;
}

static void set_period_span(vnp_due *d, int from, int to, bool yearly)
{
    d->start = ymd(from, 1, 1);
    d->end = ymd(yearly ? from : to, 12, 31);
}

/* Several deadlines in one cell ("...; ...: Tháng 12/2026"): the last day
 * any of them names. */
static bool read_multiple(const char *t, int year, vnp_due *d)
{
    if (!strchr(t, ';'))
        return false;
    vnp_ymd latest = {0, 0, 0};
    size_t n = strlen(t);
    for (const char *p = t; *p; p++) {
        cursor c = {p, n - (size_t)(p - t), 0};
        when w;
        if ((p == t || p[-1] == ' ' || p[-1] == ':') && read_time(&c, year, &w) &&
            day_number(w.end) > day_number(latest))
            latest = w.end;
    }
    d->kind = VNP_DUE_MULTIPLE;
    d->end = latest;
    return true;
}

/* "1/2 ngày", "0,5 ngày làm việc", "03 giờ", "2 tuần": how long a step
 * takes, not a time of the calendar, so no deadline ("1/2" is no month).
 * The same shape as a duration of time_cell.pcre, which takes such a cell
 * for a time all the same. */
static bool opens_duration(const char *t)
{
    cursor c = {t, strlen(t), 0};
    if (take_int(&c, 4) < 0)
        return false;
    if (c.i < c.n && strchr("/.,", c.s[c.i])) {
        c.i++;
        if (take_int(&c, 4) < 0)
            return false;
    }
    return take_word(&c, "ngày") || take_word(&c, "giờ") || take_word(&c, "tuần");
}

/* The mark of a due filled by vnp_due_parse() with no condition: it owns
 * nothing to free, but vnp_due_clear() still resets it. */
static char owns_nothing;

static void set_condition(vnp_due *d, char *condition)
{
    d->condition = condition;
    d->owned = condition ? condition : &owns_nothing;
}

static void parse_keyword(vnp_due *d, char *t, vnp_due_kind kind, int from, int to, bool yearly)
{
    d->kind = kind;
    cursor c = {t, strlen(t), 0};
    if (kind == VNP_DUE_ONGOING) {
        take_word(&c, "thường xuyên");
        set_period_span(d, from, to, yearly);
        set_condition(d, condition_of(t + c.i));
        return;
    }
    when w;
    if (kind == VNP_DUE_AFTER && cut_window(t, from, &w)) {
        d->start = w.start;
        d->end = w.end;
    }
    set_condition(d, condition_of(t));
}

/* The first day of a range whose start is written at t[at..]: a start
 * without a year of its own takes the end's ("Tháng 11 - 12/2025"), a
 * year earlier when it would fall after the end ("Tháng 11 - 02/2026"). */
static vnp_ymd range_start(const char *t, size_t at, int from, const when *first,
                           const when *last)
{
    cursor c = {t, strlen(t), at};
    when again;
    if (!read_time(&c, from + 1, &again) || again.start.year != from + 1)
        return first->start; /* it names its year */
    for (int y = last->end.year; y >= last->end.year - 1; y--) {
        c.i = at;
        if (read_time(&c, y, &again) && day_number(again.start) <= day_number(last->end))
            return again.start;
    }
    return first->start;
}

static void parse_time_first(vnp_due *d, char *t, int from)
{
    cursor c = {t, strlen(t), 0};
    /* "Trước ...", "Đến hết năm 2026": a latest date */
    if (take_word(&c, "trước") || take_word(&c, "đến hết") || take_word(&c, "tới hết")) {
        vnp_ymd day;
        if (read_day(&c, from, &day)) {
            d->kind = VNP_DUE_BEFORE;
            d->end = day;
        } else {
            when w;
            if (read_time(&c, from, &w)) {
                d->kind = VNP_DUE_BEFORE;
                d->end = w.end;
            }
        }
        set_condition(d, d->kind ? condition_of(t + c.i) : NULL);
        return;
    }
    bool from_word = take_word(&c, "từ"); /* "Từ ngày 01/3 đến ngày 30/6/2026" */
    size_t first_at = c.i;
    when w;
    if (!read_time(&c, from, &w))
        return;
    size_t save = c.i;
    when w2; /* "Tháng 01 - Tháng 12": a range */
    if ((take_char(&c, '-') || take_word(&c, "đến hết") || take_word(&c, "đến")) &&
        read_time(&c, from, &w2)) {
        d->kind = VNP_DUE_RANGE;
        d->start = range_start(t, first_at, from, &w, &w2);
        d->end = w2.end;
    } else if (from_word) {
        return; /* "Từ tháng 11/2025 đến khi ...": a start, no deadline */
    } else {
        c.i = save;
        d->kind = w.kind;
        d->start = w.start;
        d->end = w.end;
    }
    set_condition(d, condition_of(t + c.i));
}

vnp_status vnp_due_parse(const char *text, int period_from, int period_to, vnp_due *out)
{
    if (out) {
        memset(out, 0, sizeof *out);
        out->owned = &owns_nothing;
    }
    if (!text || !out)
        return VNP_ERR_ARGUMENT;
    if (period_from < 0 || period_from > 9999 || period_to < 0 || period_to > 9999)
        return VNP_ERR_ARGUMENT; /* a period is years of the calendar */
    size_t n = strlen(text);
    if (n == 0 || n > DUE_TEXT_MAX)
        return VNP_OK;
    if (!period_from)
        period_from = period_to;
    if (!period_to)
        period_to = period_from;
    char *t = mem_alloc(n + 2);
    if (!t) {
        vnp_alloc_failed = true;
        return VNP_ERR_NOMEM;
    }
    memcpy(t, text, n + 1);
    if (opens_duration(t)) {
        mem_free(t);
        return VNP_OK;
    }
    bool yearly = cut_yearly(t) && period_to > period_from;
    cursor c = {t, strlen(t), 0};
    vnp_due_kind kind = keyword_kind(&c);
    if (kind != VNP_DUE_NONE)
        parse_keyword(out, t, kind, period_from, period_to, yearly);
    else if (!read_multiple(t, period_from, out))
        parse_time_first(out, t, period_from);
    if (out->kind != VNP_DUE_NONE && yearly) {
        out->recurrence = "yearly";
        out->until = ymd(period_to, 12, 31);
    }
    mem_free(t);
    return VNP_OK;
}

void vnp_due_clear(vnp_due *due)
{
    if (!due || !due->owned)
        return; /* nothing of ours: a record's due belongs to its document */
    if (due->owned != &owns_nothing)
        mem_free(due->owned);
    memset(due, 0, sizeof *due);
}
