/* Deadlines: a table's time cell read as dates in the plan's period.
 *
 * What a time is, grammars/time.pcre says: it gives the kind of time a
 * text opens with and where its calendar part starts; this file reads the
 * days from there. A text the grammar reads no time in has no deadline,
 * and the table stage's test of a cell (time_cell) is the same reading.
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

/* ---- the grammar's reading ------------------------------------------------- */

/* The named groups of grammars/time.pcre, by number: in its order. */
typedef enum time_group {
    TG_NONE,
    TG_DURATION,
    TG_PERIODIC,
    TG_ONGOING,
    TG_DIRECTED,
    TG_ACCORDING,
    TG_OCCURRENCE,
    TG_AFTER,
    TG_BEFORE,
    TG_FROM,
    TG_CALENDAR,
} time_group;

typedef struct time_reading {
    time_group kind;    /* the first group that took part */
    size_t word_end;    /* where the kind's words end */
    size_t calendar_at; /* where the calendar part starts (before, from, calendar) */
} time_reading;

/* The grammar's reading of s[0..n): false when it reads no time. `in`
 * is the document's (its grammar folder), or NULL for the built-in
 * grammar. */
static bool read_reading(struct vnp_internal *in, const char *s, size_t n, time_reading *r)
{
    rx_groups g;
    bool ok = in ? rx_grammar_match(in, "time.pcre", s, n, &g)
                 : rx_builtin_grammar_match("time.pcre", s, n, &g);
    if (!ok)
        return false;
    r->kind = TG_NONE;
    for (int k = TG_DURATION; k <= TG_CALENDAR && r->kind == TG_NONE; k++)
        if (g.start[k]) {
            r->kind = (time_group)k;
            r->word_end = (size_t)(g.start[k] - s) + g.len[k];
        }
    r->calendar_at = g.start[TG_CALENDAR] ? (size_t)(g.start[TG_CALENDAR] - s) : 0;
    return r->kind != TG_NONE;
}

/* A cell is a time when the grammar reads one in it, except a "Theo ..."
 * that names no schedule ("Theo nội dung tại Đề án") and a cell longer
 * than TIME_CELL_MAX_BYTES (a step of a procedure that opens "Khi nhận
 * hồ sơ ..."): deadlines in a deadline column, but no evidence that a
 * column is one. */
bool time_cell(struct vnp_internal *in, const char *s, size_t n)
{
    time_reading r;
    return n <= TIME_CELL_MAX_BYTES && read_reading(in, s, n, &r) && r.kind != TG_ACCORDING;
}

const char *time_reading_name(struct vnp_internal *in, const char *s, size_t n)
{
    static const char *const names[] = {NULL,         "duration", "periodic", "ongoing",
                                        "directed",   "according", "occurrence", "after",
                                        "before",     "from",     "calendar"};
    time_reading r;
    return read_reading(in, s, n, &r) ? names[r.kind] : NULL;
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
    size_t at = c->i;
    int y = take_year(c, year);
    if (!word && c->i == at) { /* "9/4" is a day: "3/2026" names its year */
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

/* The calendar time the grammar reads at the start of s[0..n), as days. */
static bool calendar_time(struct vnp_internal *in, const char *s, size_t n, int year, when *w)
{
    time_reading r;
    if (!read_reading(in, s, n, &r) || r.kind != TG_CALENDAR)
        return false;
    cursor c = {s, n, r.calendar_at};
    return read_time(&c, year, w);
}

/* Does the text s[0..n) name a time at the start of one of its words
 * ("dự kiến quý I/2026", "khoảng tháng 3")? */
static bool names_time(struct vnp_internal *in, const char *s, size_t n, int year, when *w)
{
    for (size_t i = 0; i < n; i++)
        if ((i == 0 || s[i - 1] == ' ') && calendar_time(in, s + i, n - i, year, w))
            return true;
    return false;
}

/* The expected window of an "after" deadline, a bracket that names a time
 * ("(dự kiến quý I/2026)", "(khoảng tháng 3/2026)"), cut out. */
static bool cut_window(struct vnp_internal *in, char *t, int year, when *w)
{
    for (char *open = strchr(t, '('); open; open = strchr(open + 1, '(')) {
        char *close = strchr(open, ')');
        size_t n = close ? (size_t)(close - open - 1) : strlen(open + 1);
        size_t own = strcspn(open + 1, "()"); /* to a bracket inside: each word read once */
        if (!names_time(in, open + 1, own < n ? own : n, year, w))
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

/* The deadline kind of a reading that is words, not days. */
static vnp_due_kind keyword_kind(time_group g)
{
    switch (g) {
    case TG_PERIODIC: return VNP_DUE_PERIODIC;
    case TG_ONGOING: return VNP_DUE_ONGOING;
    case TG_DIRECTED:
    case TG_ACCORDING: return VNP_DUE_AS_DIRECTED;
    case TG_OCCURRENCE: return VNP_DUE_ON_OCCURRENCE;
    case TG_AFTER: return VNP_DUE_AFTER;
    default: return VNP_DUE_NONE;
    }
}

static void set_period_span(vnp_due *d, int from, int to, bool yearly)
{
    d->start = ymd(from, 1, 1);
    d->end = ymd(yearly ? from : to, 12, 31);
}

/* Does a part of a cell start at p: the cell's start, or after a ";" or
 * a ":" (with spaces and a list mark between)? Only there is a time a
 * deadline: inside a part, "Luật ... năm 2025" or "Nghị định ... ngày
 * 14/10/2025" is the date of a document. */
static bool part_starts(const char *t, const char *p)
{
    const char *q = p;
    while (q > t && strchr(" -+", q[-1]))
        q--;
    return q == t || q[-1] == ';' || q[-1] == ':';
}

/* Several deadlines in one cell ("...; ...: Tháng 12/2026"): the last day
 * any of its parts opens with; none when none does. */
static bool read_multiple(struct vnp_internal *in, const char *t, int year, vnp_due *d)
{
    if (!strchr(t, ';'))
        return false;
    vnp_ymd latest = {0, 0, 0};
    size_t n = strlen(t);
    for (const char *p = t; *p; p++) {
        when w;
        if (!strchr(" -+", *p) && part_starts(t, p) &&
            calendar_time(in, p, n - (size_t)(p - t), year, &w) &&
            day_number(w.end) > day_number(latest))
            latest = w.end;
    }
    if (!latest.year)
        return false;
    d->kind = VNP_DUE_MULTIPLE;
    d->end = latest;
    return true;
}

/* The mark of a due filled by vnp_due_parse() with no condition: it owns
 * nothing to free, but vnp_due_clear() still resets it. */
static char owns_nothing;

static void set_condition(vnp_due *d, char *condition)
{
    d->condition = condition;
    d->owned = condition ? condition : &owns_nothing;
}

static void parse_keyword(struct vnp_internal *in, vnp_due *d, char *t, const time_reading *r,
                          int from, int to, bool yearly)
{
    d->kind = keyword_kind(r->kind);
    if (d->kind == VNP_DUE_ONGOING) { /* the condition is what follows "Thường xuyên" */
        set_period_span(d, from, to, yearly);
        set_condition(d, condition_of(t + r->word_end));
        return;
    }
    when w;
    if (d->kind == VNP_DUE_AFTER && cut_window(in, t, from, &w)) {
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

static void parse_time_first(vnp_due *d, char *t, int from, const time_reading *r)
{
    cursor c = {t, strlen(t), r->calendar_at};
    /* "Trước ...", "Đến hết năm 2026": a latest date */
    if (r->kind == TG_BEFORE) {
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
    bool from_word = r->kind == TG_FROM; /* "Từ ngày 01/3 đến ngày 30/6/2026" */
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

/* Reads the text's time as the grammar reads it: a duration names no day,
 * and a text it reads no time in, or only several after its start ("...;
 * ...: Tháng 12/2026"), none but those. */
static void parse_reading(struct vnp_internal *in, vnp_due *out, char *t, int from, int to)
{
    time_reading r;
    bool read = read_reading(in, t, strlen(t), &r);
    if (read && r.kind == TG_DURATION)
        return;
    bool yearly = cut_yearly(t + (read ? r.calendar_at : 0)) && to > from;
    if (read && keyword_kind(r.kind) != VNP_DUE_NONE)
        parse_keyword(in, out, t, &r, from, to, yearly);
    else if (!read_multiple(in, t, from, out) && read)
        parse_time_first(out, t, from, &r);
    if (out->kind != VNP_DUE_NONE && yearly) {
        out->recurrence = "yearly";
        out->until = ymd(to, 12, 31);
    }
}

vnp_status due_parse(struct vnp_internal *in, const char *text, int period_from, int period_to,
                     vnp_due *out)
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
    parse_reading(in, out, t, period_from, period_to);
    mem_free(t);
    return VNP_OK;
}

/* Alone, outside a parse: memory that ran out on the way (the grammar's
 * match, a match key, the condition) is an error, not a time read short. */
vnp_status vnp_due_parse(const char *text, int period_from, int period_to, vnp_due *out)
{
    bool failed_before = vnp_alloc_failed;
    vnp_alloc_failed = false;
    vnp_status st = due_parse(NULL, text, period_from, period_to, out);
    if (st == VNP_OK && vnp_alloc_failed) {
        vnp_due_clear(out);
        st = VNP_ERR_NOMEM;
    }
    vnp_alloc_failed = vnp_alloc_failed || failed_before;
    return st;
}

void vnp_due_clear(vnp_due *due)
{
    if (!due || !due->owned)
        return; /* nothing of ours: a record's due belongs to its document */
    if (due->owned != &owns_nothing)
        mem_free(due->owned);
    memset(due, 0, sizeof *due);
}
