/* Decimal numbers read and written by the library itself: exact or none,
 * and the same bytes under a locale with a decimal comma (when de_DE.UTF-8
 * or vi_VN.UTF-8 is installed; the corpus test test_locale.py covers whole
 * documents). */
#include "unit_helpers.h"

#include <locale.h>
#include <stdio.h>

static double read_ok(const char *s)
{
    double v = -1;
    if (!decimal_read(s, strlen(s), &v)) {
        print_error("\"%s\" not read\n", s);
        fail();
    }
    return v;
}

static void assert_not_read(const char *s)
{
    double v = 0;
    if (decimal_read(s, strlen(s), &v)) {
        print_error("\"%s\" read as %.17g\n", s, v);
        fail();
    }
}

static void test_read_exact(void **state)
{
    (void)state;
    assert_true(read_ok("1155106") == 1155106.0);
    assert_true(read_ok("99.61") == 99.61);
    assert_true(read_ok("0.1") == 0.1);
    assert_true(read_ok(".5") == 0.5);
    assert_true(read_ok("5.") == 5.0);
    assert_true(read_ok("000") == 0.0);
    assert_true(read_ok("999999999999999") == 999999999999999.0);
    assert_true(read_ok("123456789.012345") == 123456789.012345);
    assert_true(read_ok("25000000000000000000000000") == 2.5e25);
}

static void test_read_none(void **state)
{
    (void)state;
    assert_not_read("");
    assert_not_read(".");
    assert_not_read("1.2.3");
    assert_not_read("12a");
    assert_not_read("-5"); /* signs are not part of a cell's number */
    assert_not_read("1234567890123456");
    assert_not_read("0.0000000000000000000000001"); /* past 10^-22 */
    char ones[71];
    memset(ones, '1', 70);
    ones[70] = '\0';
    assert_not_read(ones);
}

static void test_prefix(void **state)
{
    (void)state;
    assert_true(decimal_prefix(" 1; Không = 0") == 1.0);
    assert_true(decimal_prefix("0,5") == 0.0); /* the C locale's atof stops at the comma */
    assert_true(decimal_prefix("2.5 điểm") == 2.5);
    assert_true(decimal_prefix("-3") == -3.0);
    assert_true(decimal_prefix("không") == 0.0);
}

static void assert_written(double v, const char *expected)
{
    char buf[64];
    size_t n = decimal_write(v, buf, sizeof buf);
    assert_string_equal(buf, expected);
    assert_int_equal(n, strlen(expected));
}

static void test_write(void **state)
{
    (void)state;
    assert_written(99.61, "99.61");
    assert_written(1155106, "1155106");
    assert_written(0.000125, "0.000125");
    assert_written(2.5e25, "2.5e+25");
    assert_written(-0.5, "-0.5");
}

/* Under a decimal-comma locale: the same bytes, the same values. */
static void test_under_comma_locale(void **state)
{
    (void)state;
    const char *const names[] = {"de_DE.UTF-8", "vi_VN.UTF-8"};
    int tried = 0;
    for (size_t i = 0; i < 2; i++) {
        if (!setlocale(LC_ALL, names[i]))
            continue;
        tried++;
        assert_string_equal(localeconv()->decimal_point, ",");
        assert_written(99.61, "99.61");
        assert_written(0.000125, "0.000125");
        assert_true(read_ok("99.61") == 99.61);
        assert_true(decimal_prefix("2.5") == 2.5);
        setlocale(LC_ALL, "C");
    }
    if (!tried)
        print_message("SKIP: neither de_DE.UTF-8 nor vi_VN.UTF-8 is installed\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_exact),
        cmocka_unit_test(test_read_none),
        cmocka_unit_test(test_prefix),
        cmocka_unit_test(test_write),
        cmocka_unit_test(test_under_comma_locale),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
