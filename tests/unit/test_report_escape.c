/* The escapers of the `vnplan report` page (extract/cli/report_escape.c):
 * HTML text, and JSON strings that cannot end the <script> they stand in,
 * over markup, line separators, controls and bytes that are not UTF-8. */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include "unit_helpers.h"

#include "report_escape.h"

#include <stdio.h>

/* What one escaper writes for s, NUL-terminated (the caller frees it). */
static char *escaped(void (*fn)(FILE *, const char *), const char *s)
{
    char *out = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&out, &n);
    assert_non_null(f);
    fn(f, s);
    assert_int_equal(fclose(f), 0);
    return out;
}

static void expect(void (*fn)(FILE *, const char *), const char *s, const char *want)
{
    char *got = escaped(fn, s);
    assert_string_equal(got, want);
    free(got);
}

static void test_html_markup_and_quotes(void **state)
{
    (void)state;
    expect(html_text, "<b>Sở & \"Nội\" 'vụ'</b>",
           "&lt;b&gt;Sở &amp; &quot;Nội&quot; &#39;vụ&#39;&lt;/b&gt;");
    expect(html_text, "", "");
    expect(html_text, NULL, "");
}

static void test_json_cannot_end_the_script(void **state)
{
    (void)state;
    expect(json_script_string, "</script><!--x-->&",
           "\"\\u003c/script\\u003e\\u003c!--x--\\u003e\\u0026\"");
    expect(json_script_string, "a\xE2\x80\xA8" "b\xE2\x80\xA9" "c", "\"a\\u2028b\\u2029c\"");
    expect(json_script_string, "\"\\\n\t\x01", "\"\\\"\\\\\\u000a\\u0009\\u0001\"");
    expect(json_script_string, NULL, "null");
    expect(json_script_string, "Kế hoạch", "\"Kế hoạch\"");
}

static void test_bytes_that_are_not_utf8(void **state)
{
    (void)state;
    /* a stray continuation byte, a cut sequence, an overlong '/', a surrogate */
    expect(json_script_string, "a\x80" "b", "\"a\\ufffdb\"");
    expect(json_script_string, "a\xE1\xBA", "\"a\\ufffd\\ufffd\"");
    expect(json_script_string, "\xC0\xAF", "\"\\ufffd\\ufffd\"");
    expect(json_script_string, "\xED\xA0\x80", "\"\\ufffd\\ufffd\\ufffd\"");
    expect(html_text, "k\xE9 ho\xE1" "ch", "k\xEF\xBF\xBD ho\xEF\xBF\xBD" "ch");
    expect(html_text, "\xF0\x9F\x98\x80<", "\xF0\x9F\x98\x80&lt;");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_html_markup_and_quotes),
        cmocka_unit_test(test_json_cannot_end_the_script),
        cmocka_unit_test(test_bytes_that_are_not_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
