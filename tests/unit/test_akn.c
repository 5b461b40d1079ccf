/* Akoma Ntoso writer: the FRBR work IRIs of documents of every kind (with
 * and without date, number, symbol, issuer), the slugs they are made of,
 * and output that validates against schema/akn/akomantoso30.xsd. */
#include "unit_helpers.h"

#include "akn.h"

#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <stdio.h>
#include <utf8proc.h>

static int validate(const char *xml, size_t len);

/* The work IRI of p as a document of `citing` would write it. */
static void assert_uri(const vnp_document *citing, akn_parts p, const char *expected)
{
    strbuf b = {0};
    akn_work_uri(citing, &p, &b);
    assert_false(b.failed);
    assert_str(b.data, expected);
    sb_free(&b);
}

static void assert_slug(const char *text, size_t max, const char *expected)
{
    strbuf b = {0};
    sb_puts(&b, "x/"); /* a slug is written after what the buffer holds */
    akn_slug(&b, text, strlen(text), max);
    assert_str(b.data + 2, expected);
    sb_free(&b);
}

static void test_slugs(void **state)
{
    (void)state;
    assert_slug("Hồ Chí Minh", 80, "ho-chi-minh");
    assert_slug("ĐẮK LẮK", 80, "dak-lak");
    assert_slug("Bộ Văn hóa, Thể thao và Du lịch", 80, "bo-van-hoa-the-thao-va-du-lich");
    assert_slug("  NĐ-CP  ", 80, "nd-cp");
    assert_slug("66.7", 80, "66-7");
    assert_slug("", 80, "");
    assert_slug("—,;", 80, "");
    assert_slug("Quy hoạch \xff\xfe đô thị", 80, "quy-hoach-do-thi"); /* bytes that are not UTF-8 */
    /* a long name is cut at the last word that fits */
    assert_slug("sửa đổi bổ sung một số điều", 14, "sua-doi-bo");
    assert_slug("abcdefghijklmnop", 5, "abcde");
    /* the letters of the Latin and Vietnamese tables, the first and last
     * of each, and letters that come to two letters or to none */
    assert_slug("Ấp Bắc, ĐỒNG THÁP; Ỹ ỹ ỳ Ư ơ", 80, "ap-bac-dong-thap-y-y-y-u-o");
    assert_slug("\xc3\x80\xc9\x8f\xe1\xb8\x80\xe1\xbb\xbf", 80, "a-a");
    assert_slug("Straße ẞ Æble", 80, "strasse-ss-ble");
    assert_slug("ǅ1 ĳ", 80, "1");
}

/* A document of Bắc Ninh's provincial committee cites documents of every
 * kind; the national ones have no province in their IRI. */
static void test_cited_national(void **state)
{
    (void)state;
    vnp_document *doc = parse_text(sample_plan());
    assert_str(doc->province.name, "Bắc Ninh");
    assert_uri(doc, (akn_parts){.type = "Nghị quyết", .number = "76", .symbol = "NQ-CP",
                                .year = 2021, .month = 7, .day = 15, .issuer = "Chính phủ"},
               "/akn/vn/act/nghi-quyet/cp/2021-07-15/76-nq-cp");
    /* a Party resolution: the code after '/' */
    assert_uri(doc, (akn_parts){.type = "Nghị quyết", .number = "57", .symbol = "NQ/TW",
                                .year = 2024, .month = 12, .day = 22},
               "/akn/vn/act/nghi-quyet/tw/2024-12-22/57-nq-tw");
    /* a law with its symbol and no date: the symbol's year, the term dropped from the actor */
    assert_uri(doc, (akn_parts){.type = "Luật", .number = "72", .symbol_year = 2025,
                                .symbol = "QH15"},
               "/akn/vn/act/luat/qh/2025/72-2025-qh15");
    /* a decree written in capitals, its year in the symbol */
    assert_uri(doc, (akn_parts){.type = "NGHỊ ĐỊNH", .number = "45", .symbol_year = 2022,
                                .symbol = "NĐ-CP", .year = 2022, .month = 3, .day = 12},
               "/akn/vn/act/nghi-dinh/cp/2022-03-12/45-2022-nd-cp");
    /* a joint circular: national by its first body */
    assert_uri(doc, (akn_parts){.type = "Thông tư liên tịch", .number = "10", .symbol_year = 2014,
                                .symbol = "TTLT-BTC-BNV"},
               "/akn/vn/act/thong-tu-lien-tich/btc-bnv/2014/10-2014-ttlt-btc-bnv");
    /* a directive is no legal document of the law of 2015: a doc */
    assert_uri(doc, (akn_parts){.type = "Chỉ thị", .number = "8", .symbol = "CT-TTg",
                                .year = 2023, .month = 4, .day = 2},
               "/akn/vn/doc/chi-thi/ttg/2023-04-02/8-ct-ttg");
    vnp_document_free(doc);
}

/* What one code point between two letters comes to in a slug, as its
 * decomposition says, written here apart from the writer's tables. */
static void expected_letter_slug(int32_t cp, char *out)
{
    utf8proc_int32_t parts[16];
    utf8proc_ssize_t n = utf8proc_decompose_char(
        cp, parts, 16, UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD, NULL);
    size_t len = 0;
    bool dash = false;
    out[len++] = 'x';
    for (utf8proc_ssize_t i = 0; i < (n < 0 || n > 16 ? 0 : n); i++) {
        int32_t c = parts[i] == 0x111 ? 'd' : parts[i];
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (dash)
                out[len++] = '-';
            dash = false;
            out[len++] = (char)c;
        } else {
            dash = true;
        }
    }
    if (n <= 0 || n > 16)
        dash = true;
    if (dash)
        out[len++] = '-';
    out[len++] = 'x';
    out[len] = '\0';
}

/* Every code point from U+0080 to U+24FF (the writer's own tables of
 * letters and what lies around them) makes the slug its decomposition
 * says. */
static void test_slug_every_letter(void **state)
{
    (void)state;
    for (int32_t cp = 0x80; cp < 0x2500; cp++) {
        if (cp >= 0xD800 && cp < 0xE000)
            continue;
        char text[8] = "x";
        utf8proc_ssize_t w = utf8proc_encode_char(cp, (utf8proc_uint8_t *)text + 1);
        text[1 + w] = 'x';
        text[2 + w] = '\0';
        char want[64];
        expected_letter_slug(cp, want);
        strbuf b = {0};
        akn_slug(&b, text, strlen(text), 80);
        if (!b.data || strcmp(b.data, want) != 0)
            fail_msg("U+%04X: %s, not %s", (unsigned)cp, b.data ? b.data : "", want);
        sb_free(&b);
    }
}

/* Dates and years go in with their zeros as printf's %04d and %02d would
 * put them, a symbol's year of any size too. */
static void test_uri_numbers(void **state)
{
    (void)state;
    vnp_document *doc = parse_text(sample_plan());
    assert_uri(doc, (akn_parts){.type = "Luật", .number = "1", .symbol = "QH", .year = 5,
                                .month = 1, .day = 9},
               "/akn/vn/act/luat/qh/0005-01-09/1-qh");
    assert_uri(doc, (akn_parts){.type = "Luật", .number = "1", .symbol = "QH", .year = 999,
                                .month = 10},
               "/akn/vn/act/luat/qh/0999-10/1-qh");
    assert_uri(doc, (akn_parts){.type = "Luật", .number = "1", .symbol = "QH", .year = 9999},
               "/akn/vn/act/luat/qh/9999/1-qh");
    assert_uri(doc, (akn_parts){.type = "Luật", .number = "2", .symbol_year = 7, .symbol = "QH"},
               "/akn/vn/act/luat/qh/0007/2-0007-qh");
    assert_uri(doc, (akn_parts){.type = "Luật", .number = "2", .symbol_year = 12345,
                                .symbol = "QH"},
               "/akn/vn/act/luat/qh/undated/2-12345-qh");
    assert_uri(doc, (akn_parts){.type = "Luật", .number = "2", .symbol_year = -3, .symbol = "QH"},
               "/akn/vn/act/luat/qh/undated/2--003-qh");
    vnp_document_free(doc);
}

/* Laws cited by name: the name stands for the number, the issuer's code
 * comes from issuers.tsv, and a law is national without a symbol. */
static void test_cited_by_name(void **state)
{
    (void)state;
    vnp_document *doc = parse_text(sample_plan());
    assert_uri(doc, (akn_parts){.type = "Luật", .title = "Đầu tư công", .issuer = "Quốc hội",
                                .year = 2019, .month = 6, .day = 13},
               "/akn/vn/act/luat/qh/2019-06-13/dau-tu-cong");
    assert_uri(doc, (akn_parts){.type = "Luật", .title = "Đầu tư công"},
               "/akn/vn/act/luat/undated/dau-tu-cong");
    /* an issuer issuers.tsv does not know is spelled out */
    assert_uri(doc, (akn_parts){.type = "Bộ luật", .title = "Lao động",
                                .issuer = "Hội đồng Lập pháp", .year = 2019},
               "/akn/vn/act/bo-luat/hoi-dong-lap-phap/2019/lao-dong");
    vnp_document_free(doc);
}

/* Local documents: within the citing document's province. */
static void test_cited_local(void **state)
{
    (void)state;
    vnp_document *doc = parse_text(sample_plan());
    assert_uri(doc, (akn_parts){.type = "Kế hoạch", .number = "12", .symbol = "KH-UBND",
                                .year = 2025, .month = 3, .day = 5, .issuer = "UBND tỉnh"},
               "/akn/vn-bac-ninh/doc/ke-hoach/ubnd/2025-03-05/12-kh-ubnd");
    /* a department's guide known to the month */
    assert_uri(doc, (akn_parts){.type = "Hướng dẫn", .number = "3", .symbol = "HD-SNV",
                                .year = 2024, .month = 5},
               "/akn/vn-bac-ninh/doc/huong-dan/snv/2024-05/3-hd-snv");
    /* a provincial council's resolution is an act of the province */
    assert_uri(doc, (akn_parts){.type = "Nghị quyết", .number = "21", .symbol_year = 2024,
                                .symbol = "NQ-HĐND", .year = 2024, .month = 12, .day = 9},
               "/akn/vn-bac-ninh/act/nghi-quyet/hdnd/2024-12-09/21-2024-nq-hdnd");
    /* nothing but the type: no actor, undated, unnumbered */
    assert_uri(doc, (akn_parts){.type = "Công văn"}, "/akn/vn-bac-ninh/doc/cong-van/undated/unnumbered");
    /* a draft's blank number */
    assert_uri(doc, (akn_parts){.type = "Kế hoạch", .symbol = "KH-SYT", .year = 2026},
               "/akn/vn-bac-ninh/doc/ke-hoach/syt/2026/unnumbered-kh-syt");
    assert_uri(doc, (akn_parts){0}, "/akn/vn-bac-ninh/doc/van-ban/undated/unnumbered");
    vnp_document_free(doc);
    /* a citing document that names no province: the local document has none either */
    doc = parse_text("Căn cứ Kế hoạch số 5/KH-UBND ngày 2/3/2025;\n");
    assert_null(doc->province.name);
    assert_null(doc->place);
    assert_uri(doc, (akn_parts){.type = "Kế hoạch", .number = "5", .symbol = "KH-UBND",
                                .year = 2025, .month = 3, .day = 2},
               "/akn/vn/doc/ke-hoach/ubnd/2025-03-02/5-kh-ubnd");
    vnp_document_free(doc);
}

/* Dates the schema's ISO dates cannot hold are written as far as they go. */
static void test_impossible_dates(void **state)
{
    (void)state;
    vnp_document *doc = parse_text(sample_plan());
    assert_uri(doc, (akn_parts){.type = "Kế hoạch", .number = "1", .symbol = "KH-UBND",
                                .year = 2025, .month = 2, .day = 30},
               "/akn/vn-bac-ninh/doc/ke-hoach/ubnd/2025-02/1-kh-ubnd");
    assert_uri(doc, (akn_parts){.type = "Kế hoạch", .number = "1", .symbol = "KH-UBND",
                                .year = 2025, .month = 13, .day = 5},
               "/akn/vn-bac-ninh/doc/ke-hoach/ubnd/2025/1-kh-ubnd");
    assert_uri(doc, (akn_parts){.type = "Luật", .number = "9", .symbol_year = 12025,
                                .symbol = "QH15"},
               "/akn/vn/act/luat/qh/undated/9-12025-qh15");
    /* the document's own date, made impossible: still valid output */
    doc->date.day = 31;
    doc->date.month = 2;
    size_t len = 0;
    char *out = NULL;
    assert_int_equal(vnp_write_akn(doc, 0, &out, &len), VNP_OK);
    assert_non_null(strstr(out, "<FRBRdate date=\"2026-02-01\" name=\"issued-month\"/>"));
    assert_null(strstr(out, "<docDate"));
    assert_int_equal(validate(out, len), 0);
    vnp_free(out);
    vnp_document_free(doc);
}

static void test_document_itself(void **state)
{
    (void)state;
    vnp_document *doc = parse_text(sample_plan());
    akn_parts self = akn_document_parts(doc);
    assert_uri(doc, self, "/akn/vn-bac-ninh/doc/ke-hoach/ubnd/2026-01-15/12-kh-ubnd");
    assert_str(akn_doc_type(doc->type), "doc");
    assert_str(akn_doc_type("QUYẾT ĐỊNH"), "act");
    assert_str(akn_doc_type("Thông tư"), "act");
    assert_str(akn_doc_type("Báo cáo"), "doc");
    assert_str(akn_doc_type(NULL), "doc");
    vnp_document_free(doc);
}

static char *akn_of(const vnp_document *doc, unsigned flags, size_t *len)
{
    char *out = NULL;
    assert_int_equal(vnp_write_akn(doc, flags, &out, len), VNP_OK);
    assert_non_null(out);
    return out;
}

/* The shipped schema, read once. */
static xmlSchemaPtr akn_schema;

static xmlSchemaPtr schema_of_akn(void)
{
    if (!akn_schema) {
        xmlSchemaParserCtxtPtr pc =
            xmlSchemaNewParserCtxt(VNPLAN_ROOT "/schema/akn/akomantoso30.xsd");
        assert_non_null(pc);
        akn_schema = xmlSchemaParse(pc);
        xmlSchemaFreeParserCtxt(pc);
    }
    assert_non_null(akn_schema);
    return akn_schema;
}

/* 0 when xml[0..len) is valid against the shipped schema. */
static int validate(const char *xml, size_t len)
{
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema_of_akn());
    assert_non_null(vc);
    xmlDocPtr x = xmlReadMemory(xml, (int)len, "akn.xml", NULL, XML_PARSE_NONET);
    assert_non_null(x);
    int rc = xmlSchemaValidateDoc(vc, x);
    xmlFreeDoc(x);
    xmlSchemaFreeValidCtxt(vc);
    return rc;
}

static void test_output_validates(void **state)
{
    (void)state;
    const char *texts[] = {sample_plan(), "", "KẾ HOẠCH\n", "QUYẾT ĐỊNH\nĐiều 1. Phạm vi\n"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        vnp_document *doc = parse_text(texts[i]);
        for (unsigned flags = 0; flags <= VNP_WRITE_COMPACT; flags += VNP_WRITE_COMPACT) {
            size_t len = 0;
            char *out = akn_of(doc, flags, &len);
            assert_int_equal(len, strlen(out));
            assert_int_equal(validate(out, len), 0);
            vnp_free(out);
        }
        vnp_document_free(doc);
    }
}

/* The legal basis keeps its text, the mention a ref to its IRI. */
static void test_citation_refs(void **state)
{
    (void)state;
    vnp_document *doc = parse_text(sample_plan());
    char *out = akn_of(doc, 0, NULL);
    assert_non_null(strstr(out, "<p>Căn cứ <ref href=\"/akn/vn/act/nghi-quyet/cp/2021-07-15/"
                                "76-nq-cp\">Nghị quyết số 76/NQ-CP ngày 15/7/2021</ref> của "
                                "Chính phủ;</p>"));
    assert_non_null(strstr(out, "<doc name=\"ke-hoach\">"));
    vnp_free(out);
    vnp_document_free(doc);
}

static void test_deterministic_and_file_writer(void **state)
{
    (void)state;
    vnp_document *a = parse_text(sample_plan()), *b = parse_text(sample_plan());
    char *xa = akn_of(a, 0, NULL), *xb = akn_of(b, 0, NULL);
    assert_string_equal(xa, xb);
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(vnp_write_akn_file(a, 0, f), VNP_OK);
    long size = ftell(f);
    assert_int_equal((size_t)size, strlen(xa));
    char *buf = malloc((size_t)size + 1);
    assert_non_null(buf);
    rewind(f);
    assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
    buf[size] = '\0';
    fclose(f);
    assert_string_equal(buf, xa);
    free(buf);
    vnp_free(xa);
    vnp_free(xb);
    vnp_document_free(a);
    vnp_document_free(b);
}

static void test_arguments_and_full_disk(void **state)
{
    (void)state;
    vnp_document *doc = parse_text(sample_plan());
    char *out = (char *)1;
    size_t len = 7;
    assert_int_equal(vnp_write_akn(NULL, 0, &out, &len), VNP_ERR_ARGUMENT);
    assert_null(out);
    assert_int_equal(len, 0);
    assert_int_equal(vnp_write_akn(doc, 0, NULL, NULL), VNP_ERR_ARGUMENT);
    assert_int_equal(vnp_write_akn_file(doc, 0, NULL), VNP_ERR_ARGUMENT);
    FILE *f = fopen("/dev/full", "w");
    if (f) {
        setvbuf(f, NULL, _IONBF, 0); /* the failure shows at the write, not at the close */
        assert_int_equal(vnp_write_akn_file(doc, 0, f), VNP_ERR_IO);
        fclose(f);
    }
    vnp_document_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_slugs),
        cmocka_unit_test(test_uri_numbers),
        cmocka_unit_test(test_slug_every_letter),
        cmocka_unit_test(test_cited_national),
        cmocka_unit_test(test_cited_by_name),
        cmocka_unit_test(test_cited_local),
        cmocka_unit_test(test_impossible_dates),
        cmocka_unit_test(test_document_itself),
        cmocka_unit_test(test_output_validates),
        cmocka_unit_test(test_citation_refs),
        cmocka_unit_test(test_deterministic_and_file_writer),
        cmocka_unit_test(test_arguments_and_full_disk),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    if (akn_schema)
        xmlSchemaFree(akn_schema);
    xmlCleanupParser();
    return failed;
}
