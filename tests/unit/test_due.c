/* Deadlines: every row of corpus/gold/deadlines.tsv read back exactly, and
 * forms that are not in the seeds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vnplan.h"

static void iso(vnp_ymd d, char out[16])
{
    if (!d.year)
        out[0] = '\0';
    else
        snprintf(out, 16, "%04d-%02d-%02d", d.year, d.month, d.day);
}

/* Splits a TSV line in place into at most n fields. */
static size_t split(char *line, char **f, size_t n)
{
    size_t k = 0;
    for (char *p = line; k < n;) {
        f[k++] = p;
        char *tab = strchr(p, '\t');
        if (!tab)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    return k;
}

static void period_of(const char *p, int *from, int *to)
{
    *from = atoi(p);
    const char *dash = strchr(p, '-');
    *to = dash ? atoi(dash + 1) : *from;
}

static int check_row(char **f)
{
    int from, to;
    period_of(f[1], &from, &to);
    vnp_due d;
    assert_int_equal(vnp_due_parse(f[0], from, to, &d), VNP_OK);
    char start[16], end[16], until[16];
    iso(d.start, start);
    iso(d.end, end);
    iso(d.until, until);
    const char *got[] = {vnp_due_kind_string(d.kind), start, end,
                         d.recurrence ? d.recurrence : "", until,
                         d.condition ? d.condition : ""};
    const char *names[] = {"kind", "start", "end", "recurrence", "until", "condition"};
    int bad = 0;
    for (size_t k = 0; k < 6; k++)
        if (strcmp(got[k], f[2 + k]) != 0) {
            print_error("'%s' (%s): %s is '%s', expected '%s'\n", f[0], f[1], names[k], got[k],
                        f[2 + k]);
            bad = 1;
        }
    vnp_due_clear(&d);
    return bad;
}

/* The yearly words of function_words.tsv are cut wherever they stand: at
 * the text's very end, twice in a row, and in a text that is nothing else;
 * only after a space and as written ("Hằng năm" opening a cell is no cut,
 * and is read as the grammar reads it). */
static void test_yearly_words_cut(void **state)
{
    (void)state;
    static const char *const texts[] = {"Quý II hàng năm", "Quý II hàng năm hằng năm",
                                        "Quý II trong năm hàng năm", "Quý II hàng năm "};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        vnp_due d;
        assert_int_equal(vnp_due_parse(texts[i], 2026, 2030, &d), VNP_OK);
        assert_int_equal(d.kind, VNP_DUE_QUARTER);
        assert_non_null(d.recurrence);
        assert_string_equal(d.recurrence, "yearly");
        assert_int_equal(d.until.year, 2030);
        vnp_due_clear(&d);
    }
    vnp_due d;
    assert_int_equal(vnp_due_parse("Quý II hàng tháng", 2026, 2030, &d), VNP_OK);
    assert_null(d.recurrence);
    vnp_due_clear(&d);
}

static void test_gold_deadlines(void **state)
{
    (void)state;
    FILE *f = fopen(VNPLAN_ROOT "/corpus/gold/deadlines.tsv", "r");
    assert_non_null(f);
    char line[2048];
    int rows = 0, bad = 0;
    assert_non_null(fgets(line, sizeof line, f)); /* header */
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *fields[8] = {0};
        if (split(line, fields, 8) < 8)
            continue;
        bad += check_row(fields);
        rows++;
    }
    fclose(f);
    print_message("deadlines: %d of %d rows right\n", rows - bad, rows);
    assert_true(rows >= 46);
    assert_int_equal(bad, 0);
}

static void expect(const char *text, int from, int to, vnp_due_kind kind, const char *start,
                   const char *end)
{
    vnp_due d;
    assert_int_equal(vnp_due_parse(text, from, to, &d), VNP_OK);
    char s[16], e[16];
    iso(d.start, s);
    iso(d.end, e);
    if (d.kind != kind || strcmp(s, start) != 0 || strcmp(e, end) != 0)
        fail_msg("'%s': %s %s..%s, expected %s %s..%s", text, vnp_due_kind_string(d.kind), s, e,
                 vnp_due_kind_string(kind), start, end);
    vnp_due_clear(&d);
}

static void test_other_forms(void **state)
{
    (void)state;
    expect("QUÝ III/2027", 2027, 2027, VNP_DUE_QUARTER, "2027-07-01", "2027-09-30");
    expect("Tháng 02/2028", 2028, 2028, VNP_DUE_MONTH, "2028-02-01", "2028-02-29");
    expect("Tháng 3 - Tháng 5/2026", 2026, 2026, VNP_DUE_RANGE, "2026-03-01", "2026-05-31");
    expect("Trước ngày 15/3/2026", 2026, 2026, VNP_DUE_BEFORE, "", "2026-03-15");
    expect("Năm 2027", 2026, 2030, VNP_DUE_YEAR, "2027-01-01", "2027-12-31");
    expect("Khiếu nại của công dân", 2026, 2026, VNP_DUE_NONE, "", "");
    expect("", 2026, 2026, VNP_DUE_NONE, "", "");
    expect("Thường xuyên", 2021, 2025, VNP_DUE_ONGOING, "2021-01-01", "2025-12-31");
    /* the expected window of an "after" time: any bracket that names a time */
    expect("Sau khi Bộ ban hành hướng dẫn (khoảng tháng 6/2027)", 2026, 2030, VNP_DUE_AFTER,
           "2027-06-01", "2027-06-30");
    expect("Sau khi quy hoạch được duyệt (quý III)", 2026, 2026, VNP_DUE_AFTER, "2026-07-01",
           "2026-09-30");
    expect("Sau khi có ý kiến (Sở Tư pháp) của tỉnh", 2026, 2026, VNP_DUE_AFTER, "", "");
}

/* A range whose start names no year takes the end's, or the year before
 * when the start would come after the end; "Từ ... đến ..." is a range,
 * and "Từ ..." up to an event is no deadline. */
static void test_ranges(void **state)
{
    (void)state;
    expect("Tháng 9 - 10/2025", 2026, 2026, VNP_DUE_RANGE, "2025-09-01", "2025-10-31");
    expect("Tháng 12 - 02/2027", 2026, 2027, VNP_DUE_RANGE, "2026-12-01", "2027-02-28");
    expect("Quý III - Quý IV/2024", 2025, 2025, VNP_DUE_RANGE, "2024-07-01", "2024-12-31");
    expect("Từ ngày 15/01/2027 đến ngày 20/4/2027", 2026, 2027, VNP_DUE_RANGE, "2027-01-15",
           "2027-04-20");
    expect("từ tháng 5/2026 đến tháng 8/2026.", 2026, 2026, VNP_DUE_RANGE, "2026-05-01",
           "2026-08-31");
    expect("Từ tháng 10/2025 đến khi hoàn thành việc sáp nhập", 2026, 2026, VNP_DUE_NONE, "",
           "");
    expect("Tháng 6/2025 - Tháng 3/2026", 2025, 2026, VNP_DUE_RANGE, "2025-06-01",
           "2026-03-31");
}

/* The numbers of the grammar's calendar parts, read as days: quarters
 * listed or ranged, a month without a year, the year after a comma, the
 * halves of a year, the end of a range in all its forms. */
static void test_calendar_parts(void **state)
{
    (void)state;
    expect("Quý II - III/2026", 2026, 2026, VNP_DUE_RANGE, "2026-04-01", "2026-09-30");
    expect("Quý I và II năm 2028", 2026, 2030, VNP_DUE_RANGE, "2028-01-01", "2028-06-30");
    expect("Quý IV/2026 - Quý I/2027", 2026, 2030, VNP_DUE_RANGE, "2026-10-01", "2027-03-31");
    expect("quý 2 - 2027", 2026, 2030, VNP_DUE_QUARTER, "2027-04-01", "2027-06-30");
    expect("Tháng 02", 2028, 2028, VNP_DUE_MONTH, "2028-02-01", "2028-02-29");
    expect("Tháng 5, năm 2029", 2026, 2030, VNP_DUE_MONTH, "2029-05-01", "2029-05-31");
    expect("6 tháng cuối năm 2027", 2026, 2030, VNP_DUE_RANGE, "2027-07-01", "2027-12-31");
    expect("6 tháng đầu năm, 2028", 2026, 2030, VNP_DUE_RANGE, "2028-01-01", "2028-06-30");
    expect("06 tháng đầu năm - 06 tháng cuối năm 2029", 2026, 2030, VNP_DUE_RANGE,
           "2029-01-01", "2029-12-31");
    expect("01/6 - 30/9 năm 2028", 2026, 2030, VNP_DUE_RANGE, "2028-06-01", "2028-09-30");
    expect("Từ tháng 3 đến hết tháng 5 năm 2027", 2026, 2030, VNP_DUE_RANGE, "2027-03-01",
           "2027-05-31");
    expect("9/4/2028", 2026, 2030, VNP_DUE_DATE, "2028-04-09", "2028-04-09");
    /* the yearly words are no part of the time, wherever they stand */
    expect("Tháng 3 hàng năm - tháng 5", 2026, 2030, VNP_DUE_RANGE, "2026-03-01", "2026-05-31");
    expect("Từ 01/3 hằng năm đến 30/6", 2026, 2030, VNP_DUE_RANGE, "2026-03-01", "2026-06-30");
    expect("15/3 hàng năm báo cáo", 2026, 2030, VNP_DUE_DATE, "2026-03-15", "2026-03-15");
    expect("Quý V", 2026, 2026, VNP_DUE_NONE, "", "");
    expect("Quý IIII/2026", 2026, 2026, VNP_DUE_NONE, "", "");
    expect("32/12", 2026, 2026, VNP_DUE_NONE, "", "");
    expect("13/2026", 2026, 2026, VNP_DUE_NONE, "", "");
    expect("Tháng 0", 2026, 2026, VNP_DUE_NONE, "", "");
    expect("Ngày 31/11", 2026, 2026, VNP_DUE_NONE, "", "");
}

/* 29 February is a day of a leap year only: the year written with it,
 * else the plan's first; the grammar reads it, the calendar decides. */
static void test_leap_day(void **state)
{
    (void)state;
    expect("Ngày 29/02/2028", 2026, 2030, VNP_DUE_DATE, "2028-02-29", "2028-02-29");
    expect("Ngày 29/02/2027", 2026, 2030, VNP_DUE_NONE, "", "");
    expect("29/02", 2028, 2030, VNP_DUE_DATE, "2028-02-29", "2028-02-29");
    expect("29/02", 2027, 2030, VNP_DUE_NONE, "", "");
    expect("Trước 29/2/2028", 2026, 2026, VNP_DUE_BEFORE, "", "2028-02-29");
    expect("Trước ngày 29/02 hằng năm", 2028, 2030, VNP_DUE_BEFORE, "", "2028-02-29");
    expect("Trước ngày 29/02 hằng năm", 2026, 2030, VNP_DUE_NONE, "", "");
    expect("Từ 01/02/2027 đến 29/02/2028", 2026, 2030, VNP_DUE_RANGE, "2027-02-01",
           "2028-02-29");
    expect("2000", 2000, 2000, VNP_DUE_YEAR, "2000-01-01", "2000-12-31");
    expect("29/02/2100", 2026, 2030, VNP_DUE_NONE, "", "");
    expect("29/02/2000", 2026, 2030, VNP_DUE_DATE, "2000-02-29", "2000-02-29");
}

/* Runs of spaces, commas and dashes where the grammar reads a list of
 * quarters or the end of a range: each is read once (the grammar's
 * connectors take them whole), so a cell of 4,000 bytes is read at once. */
static void test_long_connectors(void **state)
{
    (void)state;
    static const struct {
        const char *head, *run, *tail;
        vnp_due_kind kind;
    } shapes[] = {{"Quý I", " ", "x", VNP_DUE_QUARTER},    {"Quý I", ", ", "x", VNP_DUE_QUARTER},
                  {"Quý I - II", " , ", "x", VNP_DUE_RANGE}, {"Quý I", " - ", "x", VNP_DUE_QUARTER},
                  {"Tháng 3 -", " ", "x", VNP_DUE_MONTH},  {"Tháng 3", " ", "- x", VNP_DUE_MONTH},
                  {"Tháng 3 đến", " ", "ngày x", VNP_DUE_MONTH}};
    for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++) {
        char text[4096];
        size_t n = strlen(shapes[i].head), run = strlen(shapes[i].run);
        memcpy(text, shapes[i].head, n);
        while (n + run + 16 < sizeof text) {
            memcpy(text + n, shapes[i].run, run);
            n += run;
        }
        snprintf(text + n, sizeof text - n, "%s", shapes[i].tail);
        vnp_due d;
        assert_int_equal(vnp_due_parse(text, 2026, 2026, &d), VNP_OK);
        if (d.kind != shapes[i].kind)
            fail_msg("'%s' + '%s'...: %s, expected %s", shapes[i].head, shapes[i].run,
                     vnp_due_kind_string(d.kind), vnp_due_kind_string(shapes[i].kind));
        vnp_due_clear(&d);
    }
}

/* How long a step takes is no deadline: a fraction before a unit is no
 * month ("1/2 ngày" was January), and a duration of whole units none
 * either; a month or a date with a unit word later still is one. */
static void test_durations(void **state)
{
    (void)state;
    expect("1/2 ngày", 2026, 2026, VNP_DUE_NONE, "", "");
    expect("1/4 ngày làm việc", 2026, 2026, VNP_DUE_NONE, "", "");
    expect("0,5 ngày", 2026, 2026, VNP_DUE_NONE, "", "");
    expect("02 giờ làm việc", 2026, 2026, VNP_DUE_NONE, "", "");
    expect("3 tuần", 2026, 2026, VNP_DUE_NONE, "", "");
    expect("10 ngày làm việc kể từ ngày nhận đủ hồ sơ", 2026, 2026, VNP_DUE_NONE, "", "");
    expect("3/2027", 2026, 2028, VNP_DUE_MONTH, "2027-03-01", "2027-03-31");
    expect("15/3/2027, 05 ngày sau khi ký", 2026, 2028, VNP_DUE_DATE, "2027-03-15", "2027-03-15");
    expect("Tháng 4 (trong 10 ngày)", 2026, 2026, VNP_DUE_MONTH, "2026-04-01", "2026-04-30");
}

/* The classes on which the table stage's test of a cell and this reader
 * disagreed: now both read the time grammar. Words of time that open no
 * time, a document's date, a multiple deadline without a day, a number
 * that opens with a year's digits, and the forms the reader took wrongly
 * or not at all. */
typedef struct due_case {
    const char *text;
    int from, to;
    vnp_due_kind kind;
    const char *start, *end;
} due_case;

static const due_case ONE_GRAMMAR[] = {
    {"Sau đại học", 2026, 2026, VNP_DUE_NONE, "", ""},
    {"Theo dõi, nhắc nhở các đơn vị", 2026, 2026, VNP_DUE_NONE, "", ""},
    {"Trước hết là các trường học", 2026, 2026, VNP_DUE_NONE, "", ""},
    {"Ngày 12/5/2023 của Ủy ban nhân dân tỉnh", 2026, 2026, VNP_DUE_NONE, "", ""},
    {"ngày 1/3/2024 ban hành Quy định", 2026, 2026, VNP_DUE_NONE, "", ""},
    {"Tập huấn; kiểm tra", 2026, 2026, VNP_DUE_NONE, "", ""},
    {"Luật Thống kê năm 2015; Nghị định số 62/2024/NĐ-CP ngày 7/6/2024", 2026, 2026,
     VNP_DUE_NONE, "", ""},
    {"2026845", 2026, 2026, VNP_DUE_NONE, "", ""},
    {"Khi được cấp có thẩm quyền giao", 2026, 2026, VNP_DUE_ON_OCCURRENCE, "", ""},
    {"Ngày 04/11/2027", 2026, 2028, VNP_DUE_DATE, "2027-11-04", "2027-11-04"},
    {"Từ 2027 đến 2029", 2026, 2030, VNP_DUE_RANGE, "2027-01-01", "2029-12-31"},
    {"Hàng năm", 2026, 2026, VNP_DUE_PERIODIC, "", ""},
    {"3 tháng/lần", 2026, 2026, VNP_DUE_PERIODIC, "", ""},
    {"Cả năm", 2027, 2027, VNP_DUE_ONGOING, "2027-01-01", "2027-12-31"},
    {"7/9", 2026, 2026, VNP_DUE_DATE, "2026-09-07", "2026-09-07"},
    {"Sơ kết: Tháng 7/2026; tổng kết: Tháng 12/2026", 2026, 2026, VNP_DUE_MULTIPLE, "",
     "2026-12-31"},
    {"Quý iv/2026", 2026, 2026, VNP_DUE_NONE, "", ""},
    {"31/4/2026", 2026, 2026, VNP_DUE_NONE, "", ""},
};

static void test_one_grammar(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof ONE_GRAMMAR / sizeof *ONE_GRAMMAR; i++) {
        const due_case *c = &ONE_GRAMMAR[i];
        expect(c->text, c->from, c->to, c->kind, c->start, c->end);
    }
}

/* A caller's text that is no UTF-8 reads no time (the grammar checks it). */
static void test_invalid_utf8(void **state)
{
    (void)state;
    expect("Qu\xc3 II/2026", 2026, 2026, VNP_DUE_NONE, "", "");
    expect("Th\xffng 3/2026", 2026, 2026, VNP_DUE_NONE, "", "");
    expect("Quý II/2026 \xc3", 2026, 2026, VNP_DUE_NONE, "", "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gold_deadlines),
        cmocka_unit_test(test_other_forms),
        cmocka_unit_test(test_ranges),
        cmocka_unit_test(test_calendar_parts),
        cmocka_unit_test(test_leap_day),
        cmocka_unit_test(test_long_connectors),
        cmocka_unit_test(test_yearly_words_cut),
        cmocka_unit_test(test_durations),
        cmocka_unit_test(test_one_grammar),
        cmocka_unit_test(test_invalid_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
