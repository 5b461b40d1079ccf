/* Input stage: UTF-8 validation with exact error positions, BOM, line
 * ends, NUL bytes, replacement of invalid bytes, empty and NULL input. */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fdopen */
#include "unit_helpers.h"

#include <stdio.h>
#include <stdlib.h>

/* Parses bytes that must be refused; returns the error. */
static vnp_error parse_fails(const char *bytes, size_t len, vnp_status expected)
{
    static vnp_document sentinel;
    vnp_document *doc = &sentinel; /* a failed parse must reset it to NULL */
    vnp_error err;
    memset(&err, 0x5A, sizeof err);
    assert_int_equal(vnp_parse(bytes, len, "bad.txt", NULL, &doc, &err), expected);
    assert_null(doc);
    assert_int_equal(err.status, expected);
    return err;
}

static void check_error_at(const char *bytes, size_t len, size_t line, size_t column,
                           size_t offset)
{
    vnp_error err = parse_fails(bytes, len, VNP_ERR_UTF8);
    assert_int_equal(err.line, line);
    assert_int_equal(err.column, column);
    assert_int_equal(err.offset, offset);
    char where[80];
    int n = snprintf(where, sizeof where, "line %zu, column %zu (byte offset %zu)", line, column,
                     offset);
    assert_true(n > 0 && (size_t)n < sizeof where);
    assert_non_null(strstr(err.message, where));
}

static void test_valid_text(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("Việt Nam\nHà Nội\n");
    assert_int_equal(doc->line_count, 2);
    assert_str(line_at(doc, 1)->text, "Việt Nam");
    assert_str(line_at(doc, 2)->text, "Hà Nội");
    assert_int_equal(doc->source_bytes, strlen("Việt Nam\nHà Nội\n"));
    assert_str(doc->source_name, "unit.txt");
    vnp_document_free(doc);
}

/* A last line without a newline is still a line. */
static void test_last_line_without_newline(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("một\nhai");
    assert_int_equal(doc->line_count, 2);
    assert_str(line_at(doc, 2)->text, "hai");
    vnp_document_free(doc);
}

static void test_bom_stripped(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("\xEF\xBB\xBFKẾ HOẠCH\nb");
    assert_int_equal(doc->line_count, 2);
    assert_str(line_at(doc, 1)->text, "KẾ HOẠCH");
    assert_str(doc->type, "KẾ HOẠCH");
    assert_int_equal(doc->source_bytes, 3 + strlen("KẾ HOẠCH\nb"));
    vnp_document_free(doc);
}

/* Replaces every LF of text by `eol` into a new malloc'd string. */
static char *with_line_ends(const char *text, const char *eol)
{
    size_t extra = strlen(eol), n = 0;
    char *out = malloc(strlen(text) * extra + 1);
    assert_non_null(out);
    for (const char *p = text; *p; p++) {
        if (*p == '\n') {
            memcpy(out + n, eol, extra);
            n += extra;
        } else {
            out[n++] = *p;
        }
    }
    out[n] = '\0';
    return out;
}

/* The JSON of a document without its "source" object, which names the
 * exact bytes and so differs between line-end variants. */
static char *json_without_source(const vnp_document *doc)
{
    char *json = NULL;
    assert_int_equal(vnp_write_json(doc, 0, &json, NULL), VNP_OK);
    char *start = strstr(json, "\"source\": {");
    assert_non_null(start);
    char *end = strchr(start, '}');
    assert_non_null(end);
    memmove(start, end + 1, strlen(end + 1) + 1);
    return json;
}

static void assert_same_document(const vnp_document *a, const vnp_document *b)
{
    assert_int_equal(a->line_count, b->line_count);
    assert_str(a->type, "KẾ HOẠCH");
    assert_str(b->type, a->type);
    assert_str(b->title, a->title);
    assert_str(b->symbol, a->symbol);
    assert_str(b->signer.name, a->signer.name);
    assert_int_equal(b->date.day, a->date.day);
    assert_int_equal(b->outline_count, a->outline_count);
    assert_int_equal(b->footnote_count, a->footnote_count);
    assert_int_equal(b->internal->products.paragraphs.count, a->internal->products.paragraphs.count);
    for (size_t i = 0; i < a->internal->products.paragraphs.count; i++) {
        assert_int_equal(para_at(b, i)->line, para_at(a, i)->line);
        assert_int_equal(para_at(b, i)->end_line, para_at(a, i)->end_line);
        assert_str(para_at(b, i)->text, para_at(a, i)->text);
    }
    char *ja = json_without_source(a), *jb = json_without_source(b);
    assert_string_equal(ja, jb);
    vnp_free(ja);
    vnp_free(jb);
}

static void test_crlf_and_cr_match_lf(void **state)
{
    (void)state;
    const char *lf = sample_plan();
    char *crlf = with_line_ends(lf, "\r\n"), *cr = with_line_ends(lf, "\r");
    vnp_document *d_lf = parse_text(lf), *d_crlf = parse_text(crlf), *d_cr = parse_text(cr);
    assert_int_equal(d_lf->line_count, 36);
    assert_same_document(d_lf, d_crlf);
    assert_same_document(d_lf, d_cr);
    vnp_document_free(d_lf);
    vnp_document_free(d_crlf);
    vnp_document_free(d_cr);
    free(crlf);
    free(cr);
}

/* A CR or an invalid byte found late, after the check has copied a text
 * larger than an arena chunk's share: the text is cleaned all the same. */
static void test_late_cr_or_invalid_byte(void **state)
{
    (void)state;
    static const char *const ends[] = {"cuối\r\n", "cuối\xFF\n"};
    for (int e = 0; e < 2; e++) {
        size_t cap = 64 * 1024, n = 0;
        char *text = malloc(cap);
        assert_non_null(text);
        for (int k = 0; k < 3000; k++)
            n += (size_t)snprintf(text + n, cap - n, "dòng số %d\n", k);
        n += (size_t)snprintf(text + n, cap - n, "%s", ends[e]);
        vnp_document *doc = parse_with(text, n, VNP_OPT_REPLACE_INVALID);
        assert_non_null(doc);
        assert_int_equal(doc->line_count, 3001);
        assert_str(line_at(doc, 1)->text, "dòng số 0");
        assert_str(line_at(doc, 3001)->text, e == 0 ? "cuối" : "cuối\xEF\xBF\xBD");
        vnp_document_free(doc);
        free(text);
    }
}

/* A file's text stays in the buffer it was read into: with a byte-order
 * mark before it and no new line after its last line, and with a CR that
 * makes the input stage copy it instead. */
static void test_file_text_kept_where_read(void **state)
{
    (void)state;
    static const char *const files[] = {"\xEF\xBB\xBFKế hoạch\nsố 2", "Kế hoạch\r\nsố 2"};
    for (int k = 0; k < 2; k++) {
        char path[] = "/tmp/vnplan_input_XXXXXX";
        int fd = mkstemp(path);
        assert_true(fd >= 0);
        FILE *f = fdopen(fd, "wb");
        assert_non_null(f);
        fputs(files[k], f);
        fclose(f);
        vnp_document *doc = NULL;
        assert_int_equal(vnp_parse_file(path, NULL, &doc, NULL), VNP_OK);
        remove(path);
        assert_int_equal(doc->line_count, 2);
        assert_str(line_at(doc, 1)->text, "Kế hoạch");
        assert_str(line_at(doc, 2)->text, "số 2");
        vnp_document_free(doc);
    }
}

/* No '\r' survives into line text, even a lone one inside a line. */
static void test_mixed_line_ends(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("a\r\nb\rc\nd");
    assert_int_equal(doc->line_count, 4);
    assert_str(line_at(doc, 1)->text, "a");
    assert_str(line_at(doc, 2)->text, "b");
    assert_str(line_at(doc, 3)->text, "c");
    assert_str(line_at(doc, 4)->text, "d");
    vnp_document_free(doc);
}

static void test_lone_lead_byte(void **state)
{
    (void)state;
    /* "Số" then a 0xC3 that nothing continues, on line 2 */
    const char in[] = "dòng một\nSố\xC3\nba";
    check_error_at(in, sizeof in - 1, 2, 3, strlen("dòng một\nSố"));
}

static void test_overlong_encoding(void **state)
{
    (void)state;
    const char in[] = "ab\xC0\xAF";
    check_error_at(in, sizeof in - 1, 1, 3, 2);
}

static void test_surrogate(void **state)
{
    (void)state;
    const char in[] = "x\n\nViệt\xED\xA0\x80";
    check_error_at(in, sizeof in - 1, 3, 5, strlen("x\n\nViệt"));
}

static void test_byte_ff(void **state)
{
    (void)state;
    check_error_at("\xFF", 1, 1, 1, 0);
}

/* Code points past U+10FFFF (F4 90 ..) are refused too. */
static void test_beyond_unicode(void **state)
{
    (void)state;
    const char in[] = "a\xF4\x90\x80\x80";
    check_error_at(in, sizeof in - 1, 1, 2, 1);
}

/* Once wrong: the error offset is counted from after the BOM, not from the
 * start of the bytes given to vnp_parse(). */
static void test_error_offset_counts_bom(void **state)
{
    (void)state;
    const char in[] = "\xEF\xBB\xBF" "ab\xFF";
    vnp_error err = parse_fails(in, sizeof in - 1, VNP_ERR_UTF8);
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, 3);
    assert_int_equal(err.offset, 5);
}

/* Once wrong: with CR line ends the error position counts the CR as a
 * character on the same line instead of a line end. */
static void test_error_line_with_cr_line_ends(void **state)
{
    (void)state;
    const char in[] = "ab\rcd\xFF";
    vnp_error err = parse_fails(in, sizeof in - 1, VNP_ERR_UTF8);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 3);
    assert_int_equal(err.offset, 5);
}

/* With CRLF the CR is part of the line end: no extra column. */
static void test_error_line_with_crlf(void **state)
{
    (void)state;
    const char in[] = "ab\r\ncd\xFF";
    vnp_error err = parse_fails(in, sizeof in - 1, VNP_ERR_UTF8);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 3);
    assert_int_equal(err.offset, 6);
}

static void test_replace_invalid(void **state)
{
    (void)state;
    const char in[] = "đầu\nab\xFF" "cd\xC3\nok";
    vnp_document *doc = parse_with(in, sizeof in - 1, VNP_OPT_REPLACE_INVALID);
    assert_int_equal(doc->line_count, 3);
    assert_str(line_at(doc, 1)->text, "đầu");
    assert_str(line_at(doc, 2)->text, "ab\xEF\xBF\xBD" "cd\xEF\xBF\xBD");
    assert_str(line_at(doc, 3)->text, "ok");
    const vnp_diagnostic *d = find_diag(doc, "utf8-replaced");
    assert_non_null(d);
    assert_int_equal(d->line, 2);
    assert_int_equal(d->severity, VNP_SEV_WARNING);
    /* one diagnostic per line, however many bytes were bad on it */
    size_t count = 0;
    for (size_t i = 0; i < doc->diagnostic_count; i++)
        count += strcmp(doc->diagnostics[i].code, "utf8-replaced") == 0;
    assert_int_equal(count, 1);
    vnp_document_free(doc);
}

/* Each byte of an overlong form and of a surrogate becomes one U+FFFD. */
static void test_replace_multibyte_invalid(void **state)
{
    (void)state;
    const char in[] = "a\xC0\xAF" "b\n\xED\xA0\x80";
    vnp_document *doc = parse_with(in, sizeof in - 1, VNP_OPT_REPLACE_INVALID);
    assert_str(line_at(doc, 1)->text, "a\xEF\xBF\xBD\xEF\xBF\xBD" "b");
    assert_str(line_at(doc, 2)->text, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    size_t lines[2] = {0, 0}, k = 0;
    for (size_t i = 0; i < doc->diagnostic_count && k < 2; i++)
        if (strcmp(doc->diagnostics[i].code, "utf8-replaced") == 0)
            lines[k++] = doc->diagnostics[i].line;
    assert_int_equal(k, 2);
    assert_int_equal(lines[0], 1);
    assert_int_equal(lines[1], 2);
    vnp_document_free(doc);
}

/* The replacement diagnostic names the right line under CR line ends. */
static void test_replace_diag_line_with_cr(void **state)
{
    (void)state;
    const char in[] = "a\rb\rc\xFF";
    vnp_document *doc = parse_with(in, sizeof in - 1, VNP_OPT_REPLACE_INVALID);
    const vnp_diagnostic *d = find_diag(doc, "utf8-replaced");
    assert_non_null(d);
    assert_int_equal(d->line, 3);
    vnp_document_free(doc);
}

static void test_nul_is_binary(void **state)
{
    (void)state;
    const char in[] = "ab\ncd\0ef";
    vnp_error err = parse_fails(in, sizeof in - 1, VNP_ERR_BINARY);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 3);
    assert_int_equal(err.offset, 5);
}

/* Replacement is for bad UTF-8 only: a NUL still means binary input. */
static void test_nul_not_replaced(void **state)
{
    (void)state;
    vnp_options opt = VNP_OPTIONS_INIT;
    opt.flags = VNP_OPT_REPLACE_INVALID;
    vnp_document *doc = NULL;
    assert_int_equal(vnp_parse("a\0b", 3, NULL, &opt, &doc, NULL), VNP_ERR_BINARY);
    assert_null(doc);
}

static void test_empty_input(void **state)
{
    (void)state;
    vnp_document *doc = parse_with("", 0, 0);
    assert_int_equal(doc->line_count, 0);
    assert_int_equal(doc->source_bytes, 0);
    assert_null(doc->type);
    assert_null(doc->type_code);
    assert_null(doc->number);
    assert_null(doc->symbol);
    assert_null(doc->place);
    assert_null(doc->date.text);
    assert_null(doc->title);
    assert_null(doc->signer.name);
    assert_int_equal(doc->outline_count, 0);
    assert_int_equal(doc->preamble_count, 0);
    assert_int_equal(doc->recipient_count, 0);
    assert_int_equal(doc->annex_count, 0);
    assert_int_equal(doc->footnote_count, 0);
    assert_int_equal(doc->internal->products.paragraphs.count, 0);
    vnp_document_free(doc);
}

/* A NULL pointer with length 0 is an empty input; NULL name becomes "-". */
static void test_null_bytes_zero_length(void **state)
{
    (void)state;
    vnp_document *doc = NULL;
    assert_int_equal(vnp_parse(NULL, 0, NULL, NULL, &doc, NULL), VNP_OK);
    assert_non_null(doc);
    assert_int_equal(doc->line_count, 0);
    assert_str(doc->source_name, "-");
    vnp_document_free(doc);
}

static void test_null_out_argument(void **state)
{
    (void)state;
    assert_int_equal(vnp_parse("x", 1, NULL, NULL, NULL, NULL), VNP_ERR_ARGUMENT);
    char *out = NULL;
    assert_int_equal(vnp_write_json(NULL, 0, &out, NULL), VNP_ERR_ARGUMENT);
    assert_int_equal(vnp_write_xml(NULL, 0, &out, NULL), VNP_ERR_ARGUMENT);
    assert_null(out);
    vnp_document *doc = parse_text("x");
    assert_int_equal(vnp_write_json(doc, 0, NULL, NULL), VNP_ERR_ARGUMENT);
    assert_int_equal(vnp_write_xml(doc, 0, NULL, NULL), VNP_ERR_ARGUMENT);
    vnp_document_free(doc);
    vnp_document_free(NULL); /* allowed, like free(NULL) */
}

/* Once wrong: NULL bytes with a length returns VNP_ERR_ARGUMENT but leaves
 * *out and err as they were, though the API says *out is NULL on failure
 * and err says why. */
static void test_null_bytes_with_length(void **state)
{
    (void)state;
    parse_fails(NULL, 5, VNP_ERR_ARGUMENT);
}

static void test_parse_file_missing(void **state)
{
    (void)state;
    vnp_document *doc = NULL;
    vnp_error err;
    assert_int_equal(vnp_parse_file("/nonexistent/vnplan-unit.txt", NULL, &doc, &err),
                     VNP_ERR_IO);
    assert_null(doc);
    assert_int_equal(err.status, VNP_ERR_IO);
}

/* A sequence cut by the end of the input, and the five- and six-byte forms
 * of old UTF-8, are refused at their first byte. */
static void test_truncated_and_long_forms(void **state)
{
    (void)state;
    const char cut[] = "Kế hoạch\n\xE1\xBA";
    check_error_at(cut, sizeof cut - 1, 2, 1, strlen("Kế hoạch\n"));
    const char five[] = "ab\xF8\x88\x80\x80\x80";
    check_error_at(five, sizeof five - 1, 1, 3, 2);
    const char six[] = "ab\xFC\x84\x80\x80\x80\x80";
    check_error_at(six, sizeof six - 1, 1, 3, 2);
}

/* Only a BOM, two BOMs, a BOM inside the text: all text (the second BOM is
 * a zero-width no-break space, which normalisation removes). */
static void test_bom_only_and_repeated(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("\xEF\xBB\xBF");
    assert_int_equal(doc->line_count, 0);
    vnp_document_free(doc);
    doc = parse_text("\xEF\xBB\xBF\xEF\xBB\xBFKẾ HOẠCH\nb\xEF\xBB\xBF" "c\n");
    assert_int_equal(doc->line_count, 2);
    vnp_document_free(doc);
}

/* Line ends made of CR alone are as many lines as LFs would be. */
static void test_only_cr(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("\r\r\r\r");
    vnp_document *lf = parse_text("\n\n\n\n");
    assert_int_equal(doc->line_count, lf->line_count);
    assert_int_equal(doc->line_count, 4);
    vnp_document_free(doc);
    vnp_document_free(lf);
}

/* Text in another encoding: the error keeps its place and says what the
 * bytes look like. */
static void assert_looks_like(const char *bytes, size_t len, const char *what)
{
    vnp_document *doc = NULL;
    vnp_error err;
    assert_int_equal(vnp_parse(bytes, len, "x", NULL, &doc, &err), VNP_ERR_UTF8);
    assert_true(err.line >= 1 && err.column >= 1);
    if (!strstr(err.message, what)) {
        print_error("message \"%s\" lacks \"%s\"\n", err.message, what);
        fail();
    }
}

static void test_utf16_named(void **state)
{
    (void)state;
    /* "KẾ HOẠCH\n" in UTF-16 */
    static const char le_bom[] = "\xFF\xFE" "K\0\xBE\x1E \0H\0O\0\xA0\x1E" "C\0H\0\n\0";
    static const char be_bom[] = "\xFE\xFF" "\0K\x1E\xBE\0 \0H\0O\x1E\xA0\0C\0H\0\n";
    assert_looks_like(le_bom, sizeof le_bom - 1, "looks like UTF-16 (little-endian, with");
    assert_looks_like(be_bom, sizeof be_bom - 1, "looks like UTF-16 (big-endian, with");
    assert_looks_like(le_bom + 2, sizeof le_bom - 3, "looks like UTF-16 (little-endian, no");
    assert_looks_like(be_bom + 2, sizeof be_bom - 3, "looks like UTF-16 (big-endian, no");
}

/* Bytes above 0x7F standing alone inside words: an 8-bit Vietnamese
 * encoding (here VNI: "Keá hoaïch trieån khai"), detected and read; forced
 * as another, it is refused with what it reads as. */
static void test_legacy_encoding_read(void **state)
{
    (void)state;
    static const char vni[] = "Ke\xE1 hoa\xEF" "ch trie\xE5n khai nhie\xE4m vu\xEF\n";
    vnp_document *doc = NULL;
    vnp_error err;
    assert_int_equal(vnp_parse(vni, sizeof vni - 1, "x", NULL, &doc, &err), VNP_OK);
    assert_string_equal(doc->source_encoding, "VNI");
    assert_true(doc->source_encoding_confidence > 0.99);
    assert_string_equal(doc->internal->products.lines.lines[0].text, "Kế hoạch triển khai nhiệm vụ");
    vnp_document_free(doc);
    vnp_options opt = VNP_OPTIONS_INIT;
    opt.encoding = "tcvn3";
    assert_int_equal(vnp_parse(vni, sizeof vni - 1, "x", &opt, &doc, &err), VNP_ERR_ARGUMENT);
    assert_non_null(strstr(err.message, "does not read as TCVN3"));
    opt.encoding = "vni-windows";
    assert_int_equal(vnp_parse(vni, sizeof vni - 1, "x", &opt, &doc, &err), VNP_OK);
    assert_true(doc->source_encoding_confidence < 0);
    vnp_document_free(doc);
    opt.encoding = "EBCDIC";
    assert_int_equal(vnp_parse(vni, sizeof vni - 1, "x", &opt, &doc, &err), VNP_ERR_ARGUMENT);
    assert_non_null(strstr(err.message, "unknown encoding 'EBCDIC'"));
    /* valid UTF-8 stays UTF-8, with full confidence */
    static const char utf8[] = "K\xE1\xBA\xBF ho\xE1\xBA\xA1" "ch\n";
    assert_int_equal(vnp_parse(utf8, sizeof utf8 - 1, "x", NULL, &doc, &err), VNP_OK);
    assert_string_equal(doc->source_encoding, "UTF-8");
    assert_true(doc->source_encoding_confidence == 1.0);
    vnp_document_free(doc);
}

/* Not every bad byte is another encoding: a stray byte in UTF-8 text, a NUL
 * in a short text, binary data with NULs in both halves. */
static void test_no_encoding_guess(void **state)
{
    (void)state;
    const char stray[] = "Kế hoạch cải cách\nnăm \xFF 2026 của tỉnh\n";
    const char nul[] = "ab\ncd\0ef";
    const char binary[] = "\x7F" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0\x3E\0\x01\0\0\0";
    const char *const cases[] = {stray, nul, binary};
    const size_t lens[] = {sizeof stray - 1, sizeof nul - 1, sizeof binary - 1};
    for (size_t i = 0; i < 3; i++) {
        vnp_document *doc = NULL;
        vnp_error err;
        assert_int_not_equal(vnp_parse(cases[i], lens[i], "x", NULL, &doc, &err), VNP_OK);
        if (strstr(err.message, "looks like")) {
            print_error("case %zu: \"%s\"\n", i, err.message);
            fail();
        }
    }
}

/* ---- the two ways of checking: 16 bytes at a time and byte by byte ---- */

/* utf8_clean_run gives one answer with the AVX2 blocks, the SSSE3 blocks
 * and none, from every start position of buf, and copies what it found
 * clean, no byte before the start and none past the end of buf. */
static void check_both_ways(const unsigned char *buf, size_t n)
{
    for (size_t i = 0; i <= n; i++) {
        size_t bytes = utf8_clean_run(buf, i, n, 0, NULL);
        assert_int_equal(utf8_clean_run(buf, i, n, 16, NULL), bytes);
        assert_int_equal(utf8_clean_run(buf, i, n, 32, NULL), bytes);
        unsigned char *out = malloc(n + 2); /* a guard byte either side */
        assert_non_null(out);
        for (unsigned simd = 0; simd <= 32; simd += 16) {
            memset(out, 0xF7, n + 2);
            assert_int_equal(utf8_clean_run(buf, i, n, simd, out + 1), bytes);
            if (bytes > i)
                assert_memory_equal(out + 1 + i, buf + i, bytes - i);
            for (size_t k = 0; k <= i; k++)
                assert_int_equal(out[k], 0xF7);
            assert_int_equal(out[n + 1], 0xF7);
        }
        free(out);
    }
}

/* Valid text with one sequence put in at every offset (across each 16-byte
 * boundary), and each prefix of the result. */
static void check_insertions(const char *piece, size_t piece_len)
{
    static const char text[] = "Kế hoạch số 12/KH-UBND triển khai Nghị quyết 😀 năm 2026 ";
    unsigned char buf[256];
    size_t tn = sizeof text - 1;
    for (size_t at = 0; at <= 40; at++) {
        memcpy(buf, text, tn);
        memcpy(buf + at, piece, piece_len); /* over the text: may cut a character */
        size_t n = tn > at + piece_len ? tn : at + piece_len;
        for (size_t len = n > 40 ? n - 40 : 0; len <= n; len++)
            check_both_ways(buf, len);
    }
}

static void test_clean_run_both_ways(void **state)
{
    (void)state;
    static const char *const pieces[] = {
        "\r", "\0", "\n", "a", "\xC3\xA1", "\xE1\xBB\x87", "\xF0\x9F\x98\x80",
        "\x80", "\xBF\xBF", "\xC0\x80", "\xC1\xBF", "\xC2", "\xE0\x80\x80", "\xE0\x9F\xBF",
        "\xE0\xA0\x80", "\xED\x9F\xBF", "\xED\xA0\x80", "\xEF\xBF\xBF", "\xE1\x80",
        "\xF0\x80\x80\x80", "\xF0\x8F\xBF\xBF", "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF",
        "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xF8\x88\x80\x80\x80", "\xFE", "\xFF",
        "\xF0\x9F\x98", "\xE1\xBB\x87\x87", "\xC3\xA1\xA1"};
    for (size_t k = 0; k < sizeof pieces / sizeof *pieces; k++)
        check_insertions(pieces[k], k == 1 ? 1 : strlen(pieces[k]));
    /* bytes drawn with a fixed seed, mostly valid sequences */
    unsigned char buf[4096];
    uint32_t x = 2463534242u;
    for (int round = 0; round < 200; round++) {
        size_t n = 0;
        while (n + 4 < sizeof buf / (round % 4 + 1)) {
            x ^= x << 13, x ^= x >> 17, x ^= x << 5;
            static const char *const seq[] = {"a", " ", "\xC3\xA1", "\xE1\xBB\x87", "\xC6\xB0",
                                              "\xF0\x9F\x98\x80", "\xE2\x80\x9C", "1"};
            const char *s = seq[x % 8];
            if (x % 997 == 0) /* now and then one byte of anything */
                buf[n++] = (unsigned char)(x >> 8);
            else {
                memcpy(buf + n, s, strlen(s));
                n += strlen(s);
            }
        }
        assert_int_equal(utf8_clean_run(buf, 0, n, 16, NULL), utf8_clean_run(buf, 0, n, 0, NULL));
        assert_int_equal(utf8_clean_run(buf, 0, n, 32, NULL), utf8_clean_run(buf, 0, n, 0, NULL));
        if (round < 8)
            check_both_ways(buf, n);
    }
}

/* A file is read with read(2), one read of its size: files of sizes
 * around stdio's 4 KB blocks and larger, empty, and with a NUL (binary)
 * read as the same bytes given to vnp_parse are. */
static void test_file_read_whole_as_bytes(void **state)
{
    (void)state;
    static const size_t sizes[] = {0, 1, 4095, 4096, 4097, 8191, 65536, 70001};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
        for (int with_nul = 0; with_nul < 2; with_nul++) {
            size_t n = sizes[k];
            if (with_nul && n < 2)
                continue;
            char *bytes = malloc(n + 1);
            assert_non_null(bytes);
            for (size_t i = 0; i < n; i++)
                bytes[i] = i % 61 == 60 ? '\n' : (char)('a' + i % 26);
            if (with_nul)
                bytes[n / 2] = '\0';
            char path[] = "/tmp/vnplan_input_XXXXXX";
            int fd = mkstemp(path);
            assert_true(fd >= 0);
            FILE *f = fdopen(fd, "wb");
            assert_non_null(f);
            assert_int_equal(fwrite(bytes, 1, n, f), n);
            fclose(f);
            vnp_document *from_file = NULL, *from_bytes = NULL;
            vnp_error file_err, bytes_err;
            vnp_status file_st = vnp_parse_file(path, NULL, &from_file, &file_err);
            vnp_status bytes_st = vnp_parse(bytes, n, path, NULL, &from_bytes, &bytes_err);
            remove(path);
            assert_int_equal(file_st, bytes_st);
            if (file_st == VNP_OK) {
                assert_int_equal(from_file->source_bytes, n);
                assert_str(from_file->source_sha256, from_bytes->source_sha256);
                assert_int_equal(from_file->line_count, from_bytes->line_count);
            } else {
                assert_int_equal(file_err.offset, bytes_err.offset);
            }
            vnp_document_free(from_file);
            vnp_document_free(from_bytes);
            free(bytes);
        }
}

/* pdf_signature, which jumps from '%' to '%', against a compare at every
 * place of the first 1024 bytes: the signature at each place, near the
 * end of the window and past it, after other '%' and cut short. */
static bool pdf_signature_plain(const char *s, size_t len)
{
    size_t n = len < 1024 ? len : 1024;
    for (size_t i = 0; i + 5 <= n; i++)
        if (memcmp(s + i, "%PDF-", 5) == 0)
            return true;
    return false;
}

static void test_pdf_signature_places(void **state)
{
    (void)state;
    enum { SIZE = 1100 };
    static char buf[SIZE];
    const char *fillers[] = {"a", "%", "%P", "%PD", "%PDF", "%%PDF"};
    for (size_t f = 0; f < sizeof fillers / sizeof fillers[0]; f++) {
        size_t fl = strlen(fillers[f]);
        for (size_t i = 0; i < SIZE; i++)
            buf[i] = fillers[f][i % fl];
        for (size_t len = 0; len < 12; len++)
            assert_int_equal(pdf_signature(buf, len), pdf_signature_plain(buf, len));
        for (size_t at = 0; at + 5 <= SIZE; at += at < 40 || at > 1010 ? 1 : 37) {
            char keep[5];
            memcpy(keep, buf + at, 5);
            memcpy(buf + at, "%PDF-", 5);
            for (size_t len = at; len <= at + 6 && len <= SIZE; len++)
                assert_int_equal(pdf_signature(buf, len), pdf_signature_plain(buf, len));
            assert_int_equal(pdf_signature(buf, SIZE), pdf_signature_plain(buf, SIZE));
            memcpy(buf + at, keep, 5);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valid_text),
        cmocka_unit_test(test_last_line_without_newline),
        cmocka_unit_test(test_bom_stripped),
        cmocka_unit_test(test_crlf_and_cr_match_lf),
        cmocka_unit_test(test_mixed_line_ends),
        cmocka_unit_test(test_late_cr_or_invalid_byte),
        cmocka_unit_test(test_file_text_kept_where_read),
        cmocka_unit_test(test_lone_lead_byte),
        cmocka_unit_test(test_overlong_encoding),
        cmocka_unit_test(test_surrogate),
        cmocka_unit_test(test_byte_ff),
        cmocka_unit_test(test_beyond_unicode),
        cmocka_unit_test(test_error_offset_counts_bom),
        cmocka_unit_test(test_error_line_with_cr_line_ends),
        cmocka_unit_test(test_error_line_with_crlf),
        cmocka_unit_test(test_replace_invalid),
        cmocka_unit_test(test_replace_multibyte_invalid),
        cmocka_unit_test(test_replace_diag_line_with_cr),
        cmocka_unit_test(test_nul_is_binary),
        cmocka_unit_test(test_nul_not_replaced),
        cmocka_unit_test(test_empty_input),
        cmocka_unit_test(test_null_bytes_zero_length),
        cmocka_unit_test(test_null_out_argument),
        cmocka_unit_test(test_null_bytes_with_length),
        cmocka_unit_test(test_parse_file_missing),
        cmocka_unit_test(test_truncated_and_long_forms),
        cmocka_unit_test(test_bom_only_and_repeated),
        cmocka_unit_test(test_only_cr),
        cmocka_unit_test(test_utf16_named),
        cmocka_unit_test(test_legacy_encoding_read),
        cmocka_unit_test(test_no_encoding_guess),
        cmocka_unit_test(test_clean_run_both_ways),
        cmocka_unit_test(test_pdf_signature_places),
        cmocka_unit_test(test_file_read_whole_as_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
