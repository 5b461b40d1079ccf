/* vnp_options and its allocator, through the public header: a counting
 * allocator serves every block of a document (the seeds as text, .docx and
 * HTML) and gets each one back from vnp_document_free() and the outputs'
 * free; the output is the same with it as without; an allocator that
 * refuses gives VNP_ERR_NOMEM, never a partial document; the options'
 * size is checked; the accessors give the elements and NULL past them. */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vnplan.h"

/* ---- a counting allocator ---------------------------------------------- */

typedef struct counter {
    size_t calls;     /* malloc and realloc */
    long live;        /* blocks not given back */
    size_t fail_from; /* refuse call fail_from and later; 0: never */
    bool wrong_ctx;   /* a call came with another ctx */
} counter;

static counter *as_counter(void *ctx, counter *expected)
{
    counter *c = ctx;
    if (c != expected)
        expected->wrong_ctx = true;
    return expected;
}

static counter *current; /* the counter the functions expect as their ctx */

static bool refuse(counter *c)
{
    c->calls++;
    return c->fail_from && c->calls >= c->fail_from;
}

static void *count_malloc(void *ctx, size_t size)
{
    counter *c = as_counter(ctx, current);
    if (refuse(c))
        return NULL;
    void *p = malloc(size);
    c->live += p != NULL;
    return p;
}

static void *count_realloc(void *ctx, void *p, size_t old_size, size_t size)
{
    (void)old_size;
    counter *c = as_counter(ctx, current);
    if (refuse(c))
        return NULL;
    return realloc(p, size);
}

static void count_free(void *ctx, void *p)
{
    counter *c = as_counter(ctx, current);
    if (!p)
        c->wrong_ctx = true; /* free is never given NULL */
    c->live--;
    free(p);
}

/* Options whose allocator struct lives only in this function: the library
 * must have copied it. */
static vnp_status parse_counted(const char *path, counter *c, vnp_document **doc, vnp_error *err)
{
    vnp_allocator a = {count_malloc, count_realloc, count_free, c};
    vnp_options opt = VNP_OPTIONS_INIT;
    opt.allocator = &a;
    current = c;
    vnp_status st = vnp_parse_file(path, &opt, doc, err);
    memset(&a, 0xA5, sizeof a);
    return st;
}

typedef struct output {
    char *json, *xml;
    size_t json_len, xml_len;
} output;

static output write_both(const vnp_document *doc)
{
    output o = {0};
    assert_int_equal(vnp_write_json(doc, 0, &o.json, &o.json_len), VNP_OK);
    assert_int_equal(vnp_write_xml(doc, 0, &o.xml, &o.xml_len), VNP_OK);
    return o;
}

/* The JSON that vnp_write_json_file() gives, read back. */
static char *json_through_file(const vnp_document *doc, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    assert_non_null(f);
    assert_int_equal(vnp_write_json_file(doc, 0, f), VNP_OK);
    assert_int_equal(fclose(f), 0);
    return buf;
}

static const char *const inputs[] = {
    VNPLAN_ROOT "/corpus/seeds/000_168f61acab888f69.txt",
    VNPLAN_ROOT "/corpus/seeds/001_726e77e94d63ef36.txt",
    VNPLAN_ROOT "/corpus/seeds/002_508eed7b1cbf6665.txt",
    VNPLAN_ROOT "/corpus/seeds/003_8c1b21296dc71716.txt",
    VNPLAN_ROOT "/corpus/seeds/004_a70b7e91a38d145e.txt",
    VNPLAN_ROOT "/tests/fixtures/000_168f61acab888f69.docx",
    VNPLAN_ROOT "/tests/fixtures/002_508eed7b1cbf6665.html",
};

static void check_one(const char *path)
{
    vnp_document *plain = NULL, *doc = NULL;
    assert_int_equal(vnp_parse_file(path, NULL, &plain, NULL), VNP_OK);
    output want = write_both(plain);
    size_t want_file_len;
    char *want_file = json_through_file(plain, &want_file_len);
    vnp_document_free(plain);

    counter c = {0};
    vnp_error err;
    assert_int_equal(parse_counted(path, &c, &doc, &err), VNP_OK);
    size_t parse_calls = c.calls;
    assert_true(parse_calls > 0);
    output got = write_both(doc);
    size_t got_file_len;
    char *got_file = json_through_file(doc, &got_file_len);
    assert_true(c.calls > parse_calls); /* the writers allocate through it too */
    vnp_document_free(doc);
    assert_int_equal(c.live, 2); /* the two buffers, which outlive the document */
    assert_int_equal(got.json_len, want.json_len);
    assert_memory_equal(got.json, want.json, want.json_len);
    assert_int_equal(got.xml_len, want.xml_len);
    assert_memory_equal(got.xml, want.xml, want.xml_len);
    assert_int_equal(got_file_len, want_file_len);
    assert_memory_equal(got_file, want_file, want_file_len);
    count_free(&c, got.json);
    count_free(&c, got.xml);
    assert_int_equal(c.live, 0);
    assert_false(c.wrong_ctx);
    vnp_free(want.json);
    vnp_free(want.xml);
    free(want_file);
    free(got_file);
}

static void test_every_block_comes_back(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++)
        check_one(inputs[i]);
}

/* Refused from the first call, then from later ones: VNP_ERR_NOMEM (or a
 * whole document when the refusal came too late to matter), and every
 * block back either way. */
static void test_refusing_allocator(void **state)
{
    (void)state;
    const char *path = inputs[1];
    counter total = {0};
    vnp_document *doc = NULL;
    assert_int_equal(parse_counted(path, &total, &doc, NULL), VNP_OK);
    vnp_document_free(doc);
    size_t nomem = 0;
    for (size_t from = 1; from <= total.calls + 1; from += 1 + total.calls / 97) {
        counter c = {.fail_from = from};
        vnp_error err;
        doc = (vnp_document *)&doc;
        vnp_status st = parse_counted(path, &c, &doc, &err);
        if (st == VNP_ERR_NOMEM) {
            assert_null(doc);
            assert_int_equal(err.status, VNP_ERR_NOMEM);
            nomem++;
        } else {
            assert_int_equal(st, VNP_OK);
            vnp_document_free(doc);
        }
        assert_int_equal(c.live, 0);
        assert_false(c.wrong_ctx);
    }
    assert_true(nomem > 50);
}

/* ---- the options' size --------------------------------------------------- */

static vnp_status parse_with_options(const void *opt)
{
    vnp_document *doc = NULL;
    vnp_error err;
    vnp_status st = vnp_parse("KẾ HOẠCH\n", 10, "o.txt", opt, &doc, &err);
    assert_int_equal(err.status, st);
    if (st == VNP_OK)
        vnp_document_free(doc);
    else
        assert_null(doc);
    return st;
}

static void test_options_size(void **state)
{
    (void)state;
    vnp_options opt = VNP_OPTIONS_INIT;
    assert_int_equal(opt.size, sizeof opt);
    assert_int_equal(parse_with_options(&opt), VNP_OK);
    assert_int_equal(parse_with_options(NULL), VNP_OK);
    opt.size = 0; /* the caller forgot it */
    assert_int_equal(parse_with_options(&opt), VNP_ERR_ARGUMENT);
    opt.size = sizeof opt - sizeof(void *); /* smaller than any version */
    assert_int_equal(parse_with_options(&opt), VNP_ERR_ARGUMENT);
    /* a caller built with a later header: its new options at their defaults
     * (zero) are fine, an option set that this library lacks is not */
    struct {
        vnp_options known;
        unsigned char later[16];
    } bigger;
    memset(&bigger, 0, sizeof bigger);
    bigger.known = (vnp_options)VNP_OPTIONS_INIT;
    bigger.known.size = sizeof bigger;
    assert_int_equal(parse_with_options(&bigger), VNP_OK);
    bigger.later[9] = 1;
    assert_int_equal(parse_with_options(&bigger), VNP_ERR_ARGUMENT);
}

static void test_allocator_without_a_function(void **state)
{
    (void)state;
    counter c = {0};
    current = &c;
    vnp_allocator a = {count_malloc, count_realloc, NULL, &c};
    vnp_options opt = VNP_OPTIONS_INIT;
    opt.allocator = &a;
    assert_int_equal(parse_with_options(&opt), VNP_ERR_ARGUMENT);
    assert_int_equal(c.calls, 0);
}

/* ---- accessors ----------------------------------------------------------- */

static void test_accessors(void **state)
{
    (void)state;
    vnp_document *doc = NULL;
    assert_int_equal(vnp_parse_file(inputs[0], NULL, &doc, NULL), VNP_OK);
    assert_true(doc->table_count > 0 && doc->reference_count > 0 && doc->outline_count > 0);
    for (size_t i = 0; i < doc->reference_count; i++)
        assert_ptr_equal(vnp_document_reference(doc, i), &doc->references[i]);
    assert_null(vnp_document_reference(doc, doc->reference_count));
    assert_ptr_equal(vnp_document_heading(doc, 0), &doc->outline[0]);
    assert_null(vnp_document_heading(doc, doc->outline_count));
    assert_null(vnp_document_recipient(doc, doc->recipient_count));
    assert_null(vnp_document_preamble(doc, doc->preamble_count));
    assert_null(vnp_document_footnote(doc, doc->footnote_count));
    assert_null(vnp_document_annex(doc, doc->annex_count));
    assert_null(vnp_document_cited_document(doc, doc->cited_document_count));
    assert_null(vnp_document_diagnostic(doc, doc->diagnostic_count));
    const vnp_table *t = vnp_document_table(doc, 0);
    assert_ptr_equal(t, &doc->tables[0]);
    assert_null(vnp_document_table(doc, doc->table_count));
    assert_ptr_equal(vnp_table_column(t, 0), &t->columns[0]);
    assert_null(vnp_table_column(t, t->column_count));
    size_t with_lead = 0;
    for (size_t i = 0; i < t->record_count; i++) {
        const vnp_record *r = vnp_table_record(t, i);
        assert_ptr_equal(r, &t->records[i]);
        size_t at = 0; /* the record holds the cells it has, in role order */
        for (int role = 0; role < VNP_CELL_ROLES; role++) {
            const char *c = vnp_record_cell(r, (vnp_cell_role)role);
            if (r->cell_roles >> role & 1u)
                assert_ptr_equal(c, r->cells[at++]);
            else
                assert_null(c);
        }
        assert_int_equal(r->cell_roles >> VNP_CELL_ROLES, 0);
        assert_null(vnp_record_cell(r, VNP_CELL_ROLES));
        assert_null(vnp_record_cell(r, (vnp_cell_role)-1));
        if (r->lead_count) {
            with_lead++;
            assert_ptr_equal(vnp_record_lead(r, 0), &r->lead[0]);
        }
        assert_null(vnp_record_lead(r, r->lead_count));
        assert_null(vnp_record_support(r, r->support_count));
        assert_null(vnp_record_other(r, r->other_count));
    }
    assert_true(with_lead > 0);
    assert_null(vnp_table_record(t, t->record_count));
    assert_null(vnp_document_table(NULL, 0));
    assert_null(vnp_table_record(NULL, 0));
    assert_null(vnp_record_cell(NULL, VNP_CELL_TASK));
    vnp_document_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_block_comes_back),
        cmocka_unit_test(test_refusing_allocator),
        cmocka_unit_test(test_options_size),
        cmocka_unit_test(test_allocator_without_a_function),
        cmocka_unit_test(test_accessors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
