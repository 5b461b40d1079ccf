/* Every public function of vnplan.h with the edge cases its comment names:
 * NULL arguments, values out of range, pointers the caller must or must
 * not free. Under ASan (make sanitize) a bad free or a read of garbage
 * fails here too. Only the public header is used. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vnplan.h"

#define PLAN                                                                              \
    "KẾ HOẠCH\n\nCải cách hành chính năm 2026\n\n"                                            \
    "STT\tNội dung\tCơ quan chủ trì\tThời hạn\n"                                              \
    "1\tRà soát thủ tục\tSở Nội vụ\tTrước 30/6/2026 (theo kế hoạch của Tỉnh)\n"

static vnp_document *parse_plan(void)
{
    vnp_document *doc = NULL;
    assert_int_equal(vnp_parse(PLAN, strlen(PLAN), "plan.txt", NULL, &doc, NULL), VNP_OK);
    assert_non_null(doc);
    return doc;
}

static void test_parse_null_arguments(void **state)
{
    (void)state;
    vnp_document *doc = (vnp_document *)&doc; /* garbage: must become NULL or a document */
    vnp_error err;
    memset(&err, 0x5A, sizeof err);
    assert_int_equal(vnp_parse(NULL, 5, "x", NULL, &doc, &err), VNP_ERR_ARGUMENT);
    assert_null(doc);
    assert_int_equal(err.status, VNP_ERR_ARGUMENT);
    assert_non_null(memchr(err.message, '\0', sizeof err.message));
    assert_int_equal(vnp_parse("abc", 3, "x", NULL, NULL, &err), VNP_ERR_ARGUMENT);
    assert_int_equal(vnp_parse("abc", 3, "x", NULL, NULL, NULL), VNP_ERR_ARGUMENT);
    /* NULL bytes with length 0, NULL name, NULL options, NULL err */
    assert_int_equal(vnp_parse(NULL, 0, NULL, NULL, &doc, NULL), VNP_OK);
    assert_non_null(doc);
    assert_string_equal(doc->source_name, "-");
    assert_int_equal(doc->line_count, 0);
    vnp_document_free(doc);
    memset(&err, 0x5A, sizeof err);
    assert_int_equal(vnp_parse("a\n", 2, "x", NULL, &doc, &err), VNP_OK);
    assert_int_equal(err.status, VNP_OK); /* err is filled on success too */
    vnp_document_free(doc);
    vnp_document_free(NULL);
}

/* A grammar folder that is missing or is a file is the caller's error. */
static void test_parse_bad_grammar_dir(void **state)
{
    (void)state;
    const char *const dirs[] = {"/nonexistent/grammars", VNPLAN_ROOT "/README.md"};
    for (size_t i = 0; i < 2; i++) {
        vnp_options opt = VNP_OPTIONS_INIT;
        opt.grammar_dir = dirs[i];
        vnp_document *doc = (vnp_document *)&doc;
        vnp_error err;
        assert_int_equal(vnp_parse("a\n", 2, "x", &opt, &doc, &err), VNP_ERR_ARGUMENT);
        assert_null(doc);
        assert_non_null(strstr(err.message, "grammar folder"));
    }
    vnp_options opt = VNP_OPTIONS_INIT;
    opt.grammar_dir = VNPLAN_ROOT "/grammars";
    vnp_document *doc;
    assert_int_equal(vnp_parse("a\n", 2, "x", &opt, &doc, NULL), VNP_OK);
    vnp_document_free(doc);
}

static void test_parse_file_edges(void **state)
{
    (void)state;
    vnp_document *doc = (vnp_document *)&doc;
    vnp_error err;
    assert_int_equal(vnp_parse_file(VNPLAN_ROOT "/README.md", NULL, NULL, &err),
                     VNP_ERR_ARGUMENT);
    assert_int_equal(vnp_parse_file("/nonexistent/plan.txt", NULL, &doc, &err), VNP_ERR_IO);
    assert_null(doc);
    assert_non_null(strstr(err.message, "cannot open"));
    /* a directory is said to be one, whatever size the file system gives it */
    assert_int_equal(vnp_parse_file(VNPLAN_ROOT "/grammars", NULL, &doc, &err), VNP_ERR_IO);
    assert_null(doc);
    assert_non_null(strstr(err.message, "is a directory"));
    /* an endless device stops at its first NUL, not at the size limit */
    assert_int_equal(vnp_parse_file("/dev/zero", NULL, &doc, &err), VNP_ERR_BINARY);
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, 1);
    assert_int_equal(vnp_parse_file("/dev/null", NULL, &doc, NULL), VNP_OK);
    assert_int_equal(doc->source_bytes, 0);
    vnp_document_free(doc);
}

static void test_writers_edges(void **state)
{
    (void)state;
    vnp_document *doc = parse_plan();
    for (int xml = 0; xml < 2; xml++) {
        vnp_status (*write)(const vnp_document *, unsigned, char **, size_t *) =
            xml ? vnp_write_xml : vnp_write_json;
        vnp_status (*write_file)(const vnp_document *, unsigned, FILE *) =
            xml ? vnp_write_xml_file : vnp_write_json_file;
        char *out = (char *)&out;
        size_t len = 99;
        assert_int_equal(write(NULL, 0, &out, &len), VNP_ERR_ARGUMENT);
        assert_null(out); /* nothing for the caller to free */
        assert_int_equal(len, 0);
        assert_int_equal(write(doc, 0, NULL, &len), VNP_ERR_ARGUMENT);
        assert_int_equal(write(doc, ~0u, &out, NULL), VNP_OK); /* unknown flags ignored */
        assert_non_null(out);
        assert_int_equal(out[strlen(out) - 1], '\n');
        vnp_free(out);
        assert_int_equal(write_file(NULL, 0, stdout), VNP_ERR_ARGUMENT);
        assert_int_equal(write_file(doc, 0, NULL), VNP_ERR_ARGUMENT);
        FILE *ro = fopen("/dev/null", "rb"); /* refuses every write */
        assert_non_null(ro);
        assert_int_equal(write_file(doc, 0, ro), VNP_ERR_IO);
        fclose(ro);
    }
    vnp_free(NULL);
    vnp_document_free(doc);
}

static void test_enum_strings_out_of_range(void **state)
{
    (void)state;
    assert_string_equal(vnp_status_string((vnp_status)999), "unknown error");
    assert_string_equal(vnp_role_string((vnp_role)999), "body");
    assert_string_equal(vnp_cell_role_string((vnp_cell_role)999), "other");
    assert_string_equal(vnp_record_kind_string((vnp_record_kind)999), "task");
    assert_string_equal(vnp_severity_string((vnp_severity)999), "note");
    assert_string_equal(vnp_due_kind_string((vnp_due_kind)999), "none");
    assert_string_equal(vnp_due_kind_string((vnp_due_kind)-1), "none");
    assert_string_equal(vnp_status_string(VNP_ERR_IO), "input/output error");
}

/* *out is filled whatever the result, so the vnp_due_clear() that follows
 * every call is always safe. */
static void test_due_parse_always_fills_out(void **state)
{
    (void)state;
    vnp_due d;
    memset(&d, 0xA5, sizeof d); /* what an uninitialised local holds */
    assert_int_equal(vnp_due_parse(NULL, 2026, 2026, &d), VNP_ERR_ARGUMENT);
    assert_int_equal(d.kind, VNP_DUE_NONE);
    assert_null(d.condition);
    vnp_due_clear(&d);
    memset(&d, 0xA5, sizeof d);
    assert_int_equal(vnp_due_parse("Quý II/2026", -5, 2026, &d), VNP_ERR_ARGUMENT);
    assert_int_equal(d.kind, VNP_DUE_NONE);
    vnp_due_clear(&d);
    assert_int_equal(vnp_due_parse("Quý II/2026", 2026, 2026, NULL), VNP_ERR_ARGUMENT);
    char *long_cell = malloc(5000);
    assert_non_null(long_cell);
    memset(long_cell, 'x', 4999);
    long_cell[4999] = '\0';
    assert_int_equal(vnp_due_parse(long_cell, 2026, 2026, &d), VNP_OK);
    assert_int_equal(d.kind, VNP_DUE_NONE);
    vnp_due_clear(&d);
    free(long_cell);
}

static void test_due_clear_resets(void **state)
{
    (void)state;
    vnp_due d;
    assert_int_equal(vnp_due_parse("Trước 30/6/2026 (theo kế hoạch của Tỉnh)", 2026, 2026, &d),
                     VNP_OK);
    assert_int_equal(d.kind, VNP_DUE_BEFORE);
    assert_non_null(d.condition);
    vnp_due_clear(&d);
    assert_int_equal(d.kind, VNP_DUE_NONE);
    assert_null(d.condition);
    vnp_due_clear(&d); /* twice */
    /* no condition: still reset */
    assert_int_equal(vnp_due_parse("Quý II/2026", 2026, 2026, &d), VNP_OK);
    assert_int_equal(d.kind, VNP_DUE_QUARTER);
    vnp_due_clear(&d);
    assert_int_equal(d.kind, VNP_DUE_NONE);
    vnp_due zero = {0};
    vnp_due_clear(&zero);
    vnp_due_clear(NULL);
}

/* A record's due belongs to its document: clearing it frees nothing and
 * leaves it readable; the document frees it. */
static void test_due_clear_on_a_record(void **state)
{
    (void)state;
    vnp_document *doc = parse_plan();
    assert_int_equal(doc->table_count, 1);
    vnp_record *r = &doc->tables[0].records[0];
    assert_non_null(r->due);
    assert_non_null(r->due->condition);
    char before[200];
    snprintf(before, sizeof before, "%s", r->due->condition);
    vnp_due_clear(r->due);
    assert_int_equal(r->due->kind, VNP_DUE_BEFORE);
    assert_non_null(r->due->condition);
    assert_string_equal(r->due->condition, before);
    char *json;
    assert_int_equal(vnp_write_json(doc, VNP_WRITE_COMPACT, &json, NULL), VNP_OK);
    assert_non_null(strstr(json, before));
    vnp_free(json);
    vnp_document_free(doc);
}

static void test_match_key_edges(void **state)
{
    (void)state;
    assert_null(vnp_match_key(NULL, 5));
    char *k = vnp_match_key(NULL, 0);
    assert_non_null(k);
    assert_string_equal(k, "");
    vnp_free(k);
    k = vnp_match_key("Hoá\xff Thuỷ", strlen("Hoá\xff Thuỷ"));
    assert_non_null(k);
    vnp_free(k);
    k = vnp_match_key("HÓA học", 3); /* len, not the NUL, ends the text */
    assert_non_null(k);
    assert_string_equal(k, "hó");
    vnp_free(k);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_null_arguments),
        cmocka_unit_test(test_parse_bad_grammar_dir),
        cmocka_unit_test(test_parse_file_edges),
        cmocka_unit_test(test_writers_edges),
        cmocka_unit_test(test_enum_strings_out_of_range),
        cmocka_unit_test(test_due_parse_always_fills_out),
        cmocka_unit_test(test_due_clear_resets),
        cmocka_unit_test(test_due_clear_on_a_record),
        cmocka_unit_test(test_match_key_edges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
