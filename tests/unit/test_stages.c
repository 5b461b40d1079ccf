/* Each text stage's entry function returns its status (document.c runs
 * them in order and stops at the first that fails): VNP_OK, VNP_ERR_NOMEM
 * once an allocation of the parse has failed, VNP_ERR_ARGUMENT once a
 * pattern of a caller's grammar folder did not compile. That the parse
 * then refuses the document, naming the file and line, test_refs.c tests
 * for the reference grammar. */
#include "unit_helpers.h"

static vnp_status with_tables(vnp_document *doc, int which)
{
    table_text text = {0};
    return which == 0 ? tables_extract(doc, &text) : refs_extract(doc, &text);
}

/* Every stage on doc, each status against want. */
static void expect_all(vnp_document *doc, vnp_status want, const char *when)
{
    static const struct {
        const char *name;
        vnp_status (*run)(vnp_document *);
    } stages[] = {{"layout", layout_paragraphs},   {"header", header_extract},
                  {"issuer", issuer_extract},      {"province", province_resolve},
                  {"parts", parts_extract},        {"frame", frame_extract},
                  {"outline", outline_extract},    {"prose", prose_extract},
                  {"interpret", records_interpret}, {"citations", citations_resolve}};
    for (size_t i = 0; i < sizeof stages / sizeof *stages; i++) {
        vnp_status got = stages[i].run(doc);
        if (got != want)
            fail_msg("%s stage %s: %s, expected %s", stages[i].name, when,
                     vnp_status_string(got), vnp_status_string(want));
    }
    for (int which = 0; which < 2; which++) {
        vnp_status got = with_tables(doc, which);
        if (got != want)
            fail_msg("%s stage %s: %s, expected %s", which ? "refs" : "tables", when,
                     vnp_status_string(got), vnp_status_string(want));
    }
}

static void test_stage_statuses(void **state)
{
    (void)state;
    vnp_document *doc = parse_with("", 0, 0);
    struct vnp_internal *in = doc->internal;
    expect_all(doc, VNP_OK, "on an empty document");
    in->grammar_error = "header_number.pcre:3: missing closing parenthesis";
    expect_all(doc, VNP_ERR_ARGUMENT, "after a grammar that does not compile");
    in->grammar_error = NULL;
    vnp_alloc_failed = true;
    expect_all(doc, VNP_ERR_NOMEM, "after an allocation failed");
    vnp_alloc_failed = false;
    in->mem.failed = true;
    expect_all(doc, VNP_ERR_NOMEM, "after the arena ran out");
    in->mem.failed = false;
    vnp_document_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_stage_statuses),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
