/* Runs the examples that each grammar file carries:
 *   # example: TEXT => field=value field=value ; field=value ...
 * reference.pcre: TEXT must give exactly the listed references (";"
 * separates them; nothing after "=>" means no reference), and every field
 * an example does not list must be empty: each example checks them all;
 * law_number.pcre: like reference.pcre;
 * date.pcre: TEXT, put after a reference, must give that ISO date;
 * time_cell.pcre: TEXT, as a whole table cell, is a time ("=> time") or
 * is not (nothing after "=>"), as the table stage tests a cell. */
#include "unit_helpers.h"

#include <stdio.h>

static const char *field_of(const void *obj, const char *name, char *buf, size_t cap)
{
    const vnp_reference *r = obj;
    if (strcmp(name, "type") == 0)
        return r->type;
    if (strcmp(name, "number") == 0)
        return r->number;
    if (strcmp(name, "symbol") == 0)
        return r->symbol;
    if (strcmp(name, "symbol_raw") == 0)
        return r->symbol_raw;
    if (strcmp(name, "issuer") == 0)
        return r->issuer;
    if (strcmp(name, "title") == 0)
        return r->title;
    if (strcmp(name, "year") == 0) {
        snprintf(buf, cap, "%d", r->year);
        return buf;
    }
    if (strcmp(name, "date") == 0) {
        if (!r->date.day)
            return NULL;
        snprintf(buf, cap, "%04d-%02d-%02d", r->date.year, r->date.month, r->date.day);
        return buf;
    }
    fail_msg("unknown field '%s' in a grammar example", name);
    return NULL;
}

static const char *const FIELDS[] = {"type", "number", "year", "symbol", "symbol_raw",
                                     "date", "issuer", "title", NULL};

/* Every field the example does not name is empty (year 0). */
static void check_unlisted(const char *example, const vnp_reference *r, const char *spec)
{
    for (size_t i = 0; FIELDS[i]; i++) {
        char key[32];
        snprintf(key, sizeof key, "%s=", FIELDS[i]);
        const char *at = spec;
        bool listed = false;
        while ((at = strstr(at, key)) != NULL) {
            if (at == spec || at[-1] == ' ')
                listed = true;
            at += strlen(key);
        }
        char buf[32];
        const char *got = field_of(r, FIELDS[i], buf, sizeof buf);
        if (!listed && got && strcmp(got, "0") != 0)
            fail_msg("example '%s': %s is '%s', but the example lists none", example, FIELDS[i],
                     got);
    }
}

/* Checks "a=x b=y z" against one reference, and that it has no other field. */
static void check_fields(const char *example, const vnp_reference *r, const char *spec)
{
    check_unlisted(example, r, spec);
    check_example_fields(example, r, spec, field_of, false);
}

static size_t count_groups(const char *spec)
{
    while (*spec == ' ')
        spec++;
    if (!*spec)
        return 0;
    size_t n = 1;
    for (const char *p = spec; (p = strstr(p, " ; ")) != NULL; p += 3)
        n++;
    return n;
}

static void run_reference_example(const char *text, const char *spec)
{
    vnp_document *doc = NULL;
    assert_int_equal(vnp_parse(text, strlen(text), "example", NULL, &doc, NULL), VNP_OK);
    size_t want = count_groups(spec);
    if (doc->reference_count != want)
        fail_msg("example '%s': %zu references, expected %zu", text, doc->reference_count, want);
    const char *g = spec;
    for (size_t i = 0; i < want; i++) {
        const char *sep = strstr(g, " ; ");
        char *one = dup_range(g, sep ? (size_t)(sep - g) : strlen(g));
        check_fields(text, &doc->references[i], one);
        free(one);
        g = sep ? sep + 3 : g + strlen(g);
    }
    vnp_document_free(doc);
}

static void run_date_example(const char *text, const char *spec)
{
    char buf[512];
    int n = snprintf(buf, sizeof buf, "Nghị quyết số 1/NQ-CP%s%s", text[0] == ',' ? "" : " ",
                     text);
    assert_true(n > 0 && (size_t)n < sizeof buf);
    char want[128];
    n = snprintf(want, sizeof want, "type=Nghị quyết number=1 symbol=NQ-CP date=%s",
                 spec + strspn(spec, " "));
    assert_true(n > 0 && (size_t)n < sizeof want);
    run_reference_example(buf, want);
}

/* The table stage's own test of a cell (tables.c looks_like_time). */
static void run_time_cell_example(const char *text, const char *spec)
{
    spec += strspn(spec, " ");
    bool want = strcmp(spec, "time") == 0;
    if (!want && *spec)
        fail_msg("time_cell.pcre example '%s': '%s' is neither 'time' nor empty", text, spec);
    vnp_document *doc = NULL;
    assert_int_equal(vnp_parse("", 0, "example", NULL, &doc, NULL), VNP_OK);
    bool got = rx_grammar_match(doc->internal, "time_cell.pcre", text, strlen(text), NULL);
    vnp_document_free(doc);
    if (got != want)
        fail_msg("time_cell.pcre example '%s': %s, expected %s", text, got ? "a time" : "no time",
                 want ? "a time" : "no time");
}

static void test_reference_examples(void **state)
{
    (void)state;
    assert_true(for_each_example("reference.pcre", run_reference_example) >= 80);
}

/* law_number.pcre's examples are whole mentions, run like reference.pcre's. */
static void test_law_number_examples(void **state)
{
    (void)state;
    assert_true(for_each_example("law_number.pcre", run_reference_example) >= 3);
}

static void test_date_examples(void **state)
{
    (void)state;
    assert_true(for_each_example("date.pcre", run_date_example) >= 4);
}

static void test_time_cell_examples(void **state)
{
    (void)state;
    assert_true(for_each_example("time_cell.pcre", run_time_cell_example) >= 27);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_examples),
        cmocka_unit_test(test_date_examples),
        cmocka_unit_test(test_law_number_examples),
        cmocka_unit_test(test_time_cell_examples),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
