/* The diagnostic codes as values: each has its stable name, no two share
 * one, a value past the last is "unknown", and a parsed document's
 * diagnostics carry the value whose name they write. (The names, the enum,
 * docs/diagnostics.md and the README are compared by diagnostic_codes.py.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "internal.h" /* DIAG_CODE_COUNT: the values this version has */

static void test_every_code_has_a_distinct_name(void **state)
{
    (void)state;
    for (size_t i = 0; i < DIAG_CODE_COUNT; i++) {
        const char *name = vnp_diag_code_string((vnp_diag_code)i);
        assert_non_null(name);
        assert_string_not_equal(name, "unknown");
        for (size_t k = 0; k < i; k++)
            assert_string_not_equal(name, vnp_diag_code_string((vnp_diag_code)k));
    }
    assert_string_equal(vnp_diag_code_string((vnp_diag_code)DIAG_CODE_COUNT), "unknown");
    assert_string_equal(vnp_diag_code_string((vnp_diag_code)-1), "unknown");
}

/* The names already written in JSON do not change with the enum. */
static void test_names_are_the_published_ones(void **state)
{
    (void)state;
    assert_string_equal(vnp_diag_code_string(VNP_DIAG_UTF8_REPLACED), "utf8-replaced");
    assert_string_equal(vnp_diag_code_string(VNP_DIAG_GRAMMAR), "grammar");
    assert_string_equal(vnp_diag_code_string(VNP_DIAG_CITED_AFTER_DOCUMENT),
                        "cited-after-document");
    assert_string_equal(vnp_diag_code_string(VNP_DIAG_PDF_DAMAGED), "pdf-damaged");
}

/* A document whose diagnostics have both forms: no type line, no signature,
 * a replaced byte. */
static void test_diagnostics_carry_their_value(void **state)
{
    (void)state;
    static const char text[] = "Một dòng có byte \xff sai.\n";
    vnp_options opt = VNP_OPTIONS_INIT;
    opt.flags = VNP_OPT_REPLACE_INVALID;
    vnp_document *doc = NULL;
    assert_int_equal(vnp_parse(text, sizeof text - 1, "t.txt", &opt, &doc, NULL), VNP_OK);
    bool replaced = false;
    assert_true(doc->diagnostic_count >= 2);
    for (size_t i = 0; i < doc->diagnostic_count; i++) {
        const vnp_diagnostic *d = vnp_document_diagnostic(doc, i);
        assert_non_null(d);
        assert_string_equal(d->code, vnp_diag_code_string(d->id));
        replaced |= d->id == VNP_DIAG_UTF8_REPLACED;
    }
    assert_true(replaced);
    assert_null(vnp_document_diagnostic(doc, doc->diagnostic_count));
    vnp_document_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_code_has_a_distinct_name),
        cmocka_unit_test(test_names_are_the_published_ones),
        cmocka_unit_test(test_diagnostics_carry_their_value),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
