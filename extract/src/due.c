/* Deadlines: a table's time cell read as dates in the plan's period.
 *
 * What a time is, grammars/time.pcre says: it gives the kind of time a
 * text opens with and, in named groups, the parts of its calendar time
 * (quarters, month, day, year, half of the year) and of the time that
 * ends a range; this file turns their numbers into days, and knows only
 * the calendar (how long a month is, which years are leap). A text the
 * grammar reads no time in has no deadline, and the table stage's test
 * of a cell (time_cell) is the same reading.
 *
 * "Quý II/2026", "Tháng 02", "Trước 31/12 hàng năm", "Thường xuyên",
 * "Theo kế hoạch của Tỉnh", "Sau khi có Kế hoạch của UBND tỉnh (dự kiến
 * quý I/2026)"... become a kind, a first and last day, a yearly recurrence
 * for "hàng năm" in a plan of several years, and the words that make the
 * time conditional. A time without a year takes the period's first year.
 * The condition keeps the document's spelling. */
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

/* ---- the grammar's reading ------------------------------------------------- */

/* The kinds of time of grammars/time.pcre: its first groups, by number. */
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
    TG_RANGE_END = 29,
} time_group;

/* What a group of the calendar holds. */
typedef enum time_part {
    PART_NONE,
    PART_HALF_FIRST,
    PART_HALF_SECOND,
    PART_QUARTER_FIRST,
    PART_QUARTER_LAST,
    PART_MONTH,
    PART_DAY,
    PART_YEAR,
} time_part;

/* Every named group of grammars/time.pcre, by number (a name stands for
 * several groups: each alternative of the grammar has its own); the
 * grammar test holds this table to the compiled pattern. */
static const struct {
    const char *name;
    time_part part;
} TIME_GROUPS[] = {
    {NULL, PART_NONE},          {"duration", PART_NONE},       {"periodic", PART_NONE},
    {"ongoing", PART_NONE},     {"directed", PART_NONE},       {"according", PART_NONE},
    {"occurrence", PART_NONE},  {"after", PART_NONE},          {"before", PART_NONE},
    {"from", PART_NONE},        {"calendar", PART_NONE},
    /* 11..28: the calendar time */
    {"half_first", PART_HALF_FIRST}, {"half_second", PART_HALF_SECOND}, {"year", PART_YEAR},
    {"quarter_first", PART_QUARTER_FIRST}, {"quarter_last", PART_QUARTER_LAST},
    {"year", PART_YEAR},        {"month", PART_MONTH},         {"year", PART_YEAR},
    {"day", PART_DAY},          {"month", PART_MONTH},         {"year", PART_YEAR},
    {"day", PART_DAY},          {"month", PART_MONTH},         {"year", PART_YEAR},
    {"month", PART_MONTH},      {"year", PART_YEAR},           {"year", PART_YEAR},
    {"year", PART_YEAR},
    /* 29..43: the end of a range */
    {"range_end", PART_NONE},
    {"end_half_first", PART_HALF_FIRST}, {"end_half_second", PART_HALF_SECOND}, {"end_year", PART_YEAR},
    {"end_quarter_first", PART_QUARTER_FIRST}, {"end_quarter_last", PART_QUARTER_LAST},
    {"end_year", PART_YEAR},        {"end_month", PART_MONTH},         {"end_year", PART_YEAR},
    {"end_month", PART_MONTH},      {"end_year", PART_YEAR},           {"end_day", PART_DAY},
    {"end_month", PART_MONTH},      {"end_year", PART_YEAR},           {"end_year", PART_YEAR},
};
#define TIME_GROUP_COUNT (sizeof TIME_GROUPS / sizeof *TIME_GROUPS)
_Static_assert(TIME_GROUP_COUNT <= RX_MAX_GROUPS, "rx_groups holds every group of time.pcre");

const char *time_group_name(size_t number)
{
    return number < TIME_GROUP_COUNT ? TIME_GROUPS[number].name : NULL;
}

/* A calendar time as the grammar's groups give it; 0 where a part is not
 * written. */
typedef struct time_parts {
    int half; /* 1 the first half of the year, 2 the second */
    int quarter_first, quarter_last;
    int day, month, year;
} time_parts;

typedef struct time_reading {
    time_group kind;    /* the first group that took part */
    size_t word_end;    /* where the kind's words end */
    size_t calendar_at; /* where the calendar part starts (before, from, calendar) */
    time_parts first;   /* the calendar time, ending at first_end */
    size_t first_end;
    bool ranged;        /* "- ...", "đến ...": a second time, ending at range_end */
    time_parts second;
    size_t range_end;
} time_reading;

/* The number a group's span writes: digits, or a Roman numeral (I to IV). */
static int number_of(const char *s, size_t n)
{
    int v = 0;
    if (n && s[0] >= '0' && s[0] <= '9') {
        for (size_t i = 0; i < n; i++)
            v = v * 10 + (s[i] - '0');
        return v;
    }
    for (size_t i = 0; i < n; i++) {
        int digit = s[i] == 'V' ? 5 : 1;
        v += i + 1 < n && s[i + 1] == 'V' && digit == 1 ? -1 : digit;
    }
    return v;
}

static void set_part(time_parts *p, time_part part, int v)
{
    switch (part) {
    case PART_HALF_FIRST: p->half = 1; break;
    case PART_HALF_SECOND: p->half = 2; break;
    case PART_QUARTER_FIRST: p->quarter_first = v; break;
    case PART_QUARTER_LAST: p->quarter_last = v; break;
    case PART_MONTH: p->month = v; break;
    case PART_DAY: p->day = v; break;
    case PART_YEAR: p->year = v; break;
    case PART_NONE: break;
    }
}

/* The calendar parts of a match: a group at or after the range's end
 * part belongs to that second time. */
static void read_parts(const rx_groups *g, const char *s, time_reading *r)
{
    const char *second = g->start[TG_RANGE_END];
    r->ranged = second != NULL;
    r->first_end = (size_t)(g->start[TG_CALENDAR] - s) + g->len[TG_CALENDAR];
    if (second)
        r->range_end = (size_t)(second - s) + g->len[TG_RANGE_END];
    for (size_t k = TG_CALENDAR + 1; k < TIME_GROUP_COUNT; k++)
        if (g->start[k] && TIME_GROUPS[k].part != PART_NONE)
            set_part(second && g->start[k] >= second ? &r->second : &r->first,
                     TIME_GROUPS[k].part, number_of(g->start[k], g->len[k]));
}

/* The grammar's reading of s[0..n): false when it reads no time. `in`
 * is the document's (its grammar folder), or NULL for the built-in
 * grammar; with `parts`, the numbers of the calendar time too. */
static bool read_reading(struct vnp_internal *in, const char *s, size_t n, bool parts,
                         time_reading *r)
{
    rx_groups g;
    bool ok = in ? rx_grammar_match(in, "time.pcre", s, n, &g)
                 : rx_builtin_grammar_match("time.pcre", s, n, &g);
    if (!ok)
        return false;
    memset(r, 0, sizeof *r);
    for (int k = TG_DURATION; k <= TG_CALENDAR && r->kind == TG_NONE; k++)
        if (g.start[k]) {
            r->kind = (time_group)k;
            r->word_end = (size_t)(g.start[k] - s) + g.len[k];
        }
    if (g.start[TG_CALENDAR]) {
        r->calendar_at = (size_t)(g.start[TG_CALENDAR] - s);
        if (parts)
            read_parts(&g, s, r);
    }
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
    return n <= TIME_CELL_MAX_BYTES && read_reading(in, s, n, false, &r) && r.kind != TG_ACCORDING;
}

const char *time_reading_name(struct vnp_internal *in, const char *s, size_t n)
{
    time_reading r;
    return read_reading(in, s, n, false, &r) ? TIME_GROUPS[r.kind].name : NULL;
}

/* ---- time expressions ------------------------------------------------------ */

typedef struct when {
    vnp_due_kind kind;
    vnp_ymd start, end;
} when;

/* The days of a calendar time; a part without a year takes `year`. A day
 * its month has not in that year (29/02 of 2027) is no time: the grammar
 * knows the months, the calendar the leap years. */
static bool when_of(const time_parts *p, int year, when *w)
{
    int y = p->year ? p->year : year;
    if (p->half) {
        w->kind = VNP_DUE_RANGE;
        w->start = ymd(y, p->half == 1 ? 1 : 7, 1);
        w->end = p->half == 1 ? ymd(y, 6, 30) : ymd(y, 12, 31);
    } else if (p->quarter_first) {
        int last = p->quarter_last ? p->quarter_last : p->quarter_first;
        w->kind = last == p->quarter_first ? VNP_DUE_QUARTER : VNP_DUE_RANGE;
        w->start = ymd(y, (p->quarter_first - 1) * 3 + 1, 1);
        w->end = ymd(y, last * 3, days_in_month(y, last * 3));
    } else if (p->day) {
        if (p->month < 1 || p->month > 12 || p->day > days_in_month(y, p->month))
            return false;
        w->kind = VNP_DUE_DATE;
        w->start = w->end = ymd(y, p->month, p->day);
    } else if (p->month) {
        w->kind = VNP_DUE_MONTH;
        w->start = ymd(y, p->month, 1);
        w->end = ymd(y, p->month, days_in_month(y, p->month));
    } else if (p->year) {
        w->kind = VNP_DUE_YEAR;
        w->start = ymd(y, 1, 1);
        w->end = ymd(y, 12, 31);
    } else {
        return false;
    }
    return true;
}

/* ---- the whole cell ------------------------------------------------------------ */

/* Cuts the yearly words ("hàng năm", "hằng năm", "trong năm":
 * function_words.tsv, yearly) that follow a space out of text, with that
 * space; returns whether there were any. A cut can bring a space before
 * the next such word ("hàng năm hàng năm"), so the place is asked again. */
static bool cut_yearly(struct vnp_internal *in, char *t)
{
    bool found = false;
    size_t n = strlen(t);
    /* most words open as no yearly word does: told so by their first
     * letters, without a look-up (in a document; alone, every word is
     * looked up) */
    role_openers yearly;
    if (in)
        role_openers_read(in, "function_words.tsv", "yearly", &yearly);
    for (char *p = strchr(t, ' '); p;) {
        word_hit hit;
        size_t rest = n - (size_t)(p + 1 - t);
        if ((!in || role_openers_may_open(&yearly, p + 1, rest)) &&
            listed_word_opens(in, "function_words.tsv", "yearly", p + 1, rest, &hit)) {
            memmove(p, p + 1 + hit.len, rest - hit.len + 1);
            n -= 1 + hit.len;
            found = true;
            p = strchr(p, ' '); /* p itself when a space followed the words cut */
            continue;
        }
        p = strchr(p + 1, ' ');
    }
    return found;
}

/* The calendar time the grammar reads at the start of s[0..n), as days. */
static bool calendar_time(struct vnp_internal *in, const char *s, size_t n, int year, when *w)
{
    time_reading r;
    return read_reading(in, s, n, true, &r) && r.kind == TG_CALENDAR && when_of(&r.first, year, w);
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

/* A space or a list mark, which may stand before a part's first word. */
static bool part_mark(char c) { return c == ' ' || c == '-' || c == '+'; }

/* Does a part of a cell start at p: the cell's start, or after a ";" or
 * a ":" (with spaces and a list mark between)? Only there is a time a
 * deadline: inside a part, "Luật ... năm 2025" or "Nghị định ... ngày
 * 14/10/2025" is the date of a document. */
static bool part_starts(const char *t, const char *p)
{
    const char *q = p;
    while (q > t && part_mark(q[-1]))
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
        if (!part_mark(*p) && part_starts(t, p) &&
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

/* The first day of a range: a start without a year of its own takes the
 * end's ("Tháng 11 - 12/2025"), a year earlier when it would fall after
 * the end ("Tháng 11 - 02/2026"). */
static vnp_ymd range_start(const time_parts *p, int from, const when *first, const when *last)
{
    when again;
    if (!when_of(p, from + 1, &again) || again.start.year != from + 1)
        return first->start; /* it names its year */
    for (int y = last->end.year; y >= last->end.year - 1; y--)
        if (when_of(p, y, &again) && day_number(again.start) <= day_number(last->end))
            return again.start;
    return first->start;
}

static void parse_time_first(vnp_due *d, char *t, int from, const time_reading *r)
{
    when w;
    bool read = when_of(&r->first, from, &w);
    /* "Trước ...", "Đến hết năm 2026": a latest date */
    if (r->kind == TG_BEFORE) {
        if (read) {
            d->kind = VNP_DUE_BEFORE;
            d->end = w.end;
        }
        set_condition(d, read ? condition_of(t + r->first_end) : NULL);
        return;
    }
    if (!read)
        return;
    size_t end = r->first_end;
    when w2; /* "Tháng 01 - Tháng 12", "Từ ngày 01/3 đến ngày 30/6/2026": a range */
    if (r->ranged && when_of(&r->second, from, &w2)) {
        d->kind = VNP_DUE_RANGE;
        d->start = range_start(&r->first, from, &w, &w2);
        d->end = w2.end;
        end = r->range_end;
    } else if (r->kind == TG_FROM) {
        return; /* "Từ tháng 11/2025 đến khi ...": a start, no deadline */
    } else {
        d->kind = w.kind;
        d->start = w.start;
        d->end = w.end;
    }
    set_condition(d, condition_of(t + end));
}

/* Reads the text's time as the grammar reads it: a duration names no day,
 * and a text it reads no time in, or only several after its start ("...;
 * ...: Tháng 12/2026"), none but those. */
static void parse_reading(struct vnp_internal *in, vnp_due *out, char *t, int from, int to)
{
    time_reading r;
    bool read = read_reading(in, t, strlen(t), true, &r);
    if (read && r.kind == TG_DURATION)
        return;
    bool cut = cut_yearly(in, t + (read ? r.calendar_at : 0));
    bool yearly = cut && to > from;
    /* A calendar time is read again without the yearly words ("Tháng 3
     * hàng năm - tháng 5" is a range); when the text without them reads
     * none ("15/3 hàng năm báo cáo": a day and a word), the first reading
     * stands: its time ends before the words cut (none of the time's
     * words is "hàng", "hằng" or "trong"), so its offsets are the same. */
    time_reading again;
    if (cut && read && keyword_kind(r.kind) == VNP_DUE_NONE &&
        read_reading(in, t, strlen(t), true, &again) && again.kind == r.kind)
        r = again;
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
