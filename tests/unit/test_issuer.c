/* The issuer and province stages: the issuing body of the header block
 * with its parent and lines, the province it belongs to through the 2025
 * mergers, in both input layouts; and the examples the lexicons carry:
 *   # example: TEXT => field=value field=value ...
 * where TEXT is a document ("\n" ends a line) and each named field must
 * have that value ("-" for none). */
#include "unit_helpers.h"

#include <stdio.h>

static const char *field_of(const void *obj, const char *name, char *buf, size_t cap)
{
    const vnp_document *d = obj;
    const vnp_issuer *is = &d->issuer;
    const vnp_province *p = &d->province;
    size_t line = 0;
    if (strcmp(name, "issuer") == 0)
        return is->name;
    if (strcmp(name, "parent") == 0)
        return is->parent;
    if (strcmp(name, "scope") == 0)
        return is->scope;
    if (strcmp(name, "issuer_source") == 0)
        return is->source;
    if (strcmp(name, "province") == 0)
        return p->name;
    if (strcmp(name, "kind") == 0)
        return p->kind;
    if (strcmp(name, "written") == 0)
        return p->written;
    if (strcmp(name, "former") == 0)
        return p->former;
    if (strcmp(name, "source") == 0)
        return p->source;
    if (strcmp(name, "name_line") == 0)
        line = is->name_line;
    else if (strcmp(name, "parent_line") == 0)
        line = is->parent_line;
    else if (strcmp(name, "line") == 0)
        line = p->line;
    else
        fail_msg("unknown field '%s' in an issuer example", name);
    if (!line)
        return NULL;
    snprintf(buf, cap, "%zu", line);
    return buf;
}

/* The example's text with "\n" made a line end. */
static char *unescape(const char *s)
{
    char *out = dup_range(s, strlen(s)), *o = out;
    for (const char *p = s; *p; p++) {
        if (p[0] == '\\' && p[1] == 'n') {
            *o++ = '\n';
            p++;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
    return out;
}

static void run_example(const char *text, const char *spec)
{
    char *doc_text = unescape(text);
    vnp_document *d = parse_text(doc_text);
    check_example_fields(text, d, spec, field_of, true);
    vnp_document_free(d);
    free(doc_text);
}

static void test_lexicon_examples(void **state)
{
    (void)state;
    assert_true(for_each_example("issuer_heads.tsv", run_example) >= 12);
    assert_true(for_each_example("provinces.tsv", run_example) >= 6);
    assert_true(for_each_example("province_mergers.tsv", run_example) >= 4);
    assert_true(for_each_example("place_units.tsv", run_example) >= 4);
}

/* The layout of one paragraph per line: parent and name in paragraphs of
 * their own, then the number and the place line. */
static void test_paragraph_layout_two_levels(void **state)
{
    (void)state;
    vnp_document *d = parse_text("UBND TỈNH PHÚ THỌ\n\n**SỞ TƯ PHÁP**\n\n---------\n\n"
                                 "Số: 31/KH-STP\n\nPhú Thọ, ngày 4 tháng 2 năm 2026\n\n"
                                 "**KẾ HOẠCH**\n**Phổ biến pháp luật năm 2026**\n");
    assert_str(d->issuer.name, "SỞ TƯ PHÁP");
    assert_int_equal(d->issuer.name_line, 3);
    assert_str(d->issuer.parent, "UBND TỈNH PHÚ THỌ");
    assert_int_equal(d->issuer.parent_line, 1);
    assert_str(d->issuer.scope, "province");
    assert_str(d->issuer.source, "header");
    assert_str(d->province.name, "Phú Thọ");
    assert_str(d->province.kind, "province");
    assert_str(d->province.written, "TỈNH PHÚ THỌ");
    assert_null(d->province.former);
    assert_str(d->province.source, "issuer");
    assert_int_equal(d->province.line, 1);
    assert_str(d->type, "KẾ HOẠCH"); /* the header stage reads on as before */
    vnp_document_free(d);
}

/* A motto run into the issuer's line ends the name, in capitals and either
 * tone placement ("HOÀ", "HÒA"), the Party's as the State's; the number
 * line in capitals is one too. */
static void expect_issuer_alone(const char *text, const char *name)
{
    vnp_document *d = parse_text(text);
    assert_str(d->issuer.name, name);
    assert_null(d->issuer.parent);
    vnp_document_free(d);
}

static void test_motto_run_into_the_name(void **state)
{
    (void)state;
    expect_issuer_alone("UBND TỈNH HƯNG YÊN CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\n"
                        "SỞ Y TẾ\n\nSỐ: 88/BC-SYT\n\nBÁO CÁO\n\nTình hình y tế năm 2025\n",
                        "UBND TỈNH HƯNG YÊN");
    expect_issuer_alone("ĐẢNG BỘ TỈNH GIA LAI ĐẢNG CỘNG SẢN VIỆT NAM\n\nBAN CHẤP HÀNH\n\n*\n\n"
                        "NGHỊ QUYẾT\n\nVề công tác cán bộ\n",
                        "ĐẢNG BỘ TỈNH GIA LAI");
    expect_issuer_alone("SỞ TƯ PHÁP\n\nsố: 12/KH-STP\n\nSỞ Y TẾ\n\nKẾ HOẠCH\n\nCải cách\n",
                        "SỞ TƯ PHÁP");
}

/* Tab-separated rows: the issuer lines stand in the first column, beside
 * the motto. */
static void test_tab_rows(void **state)
{
    (void)state;
    vnp_document *d = parse_text("ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
                                 "SỞ Y TẾ\tĐộc lập - Tự do - Hạnh phúc\n"
                                 "Số: 88/BC-SYT\tHưng Yên, ngày 6 tháng 1 năm 2026\n\n"
                                 "BÁO CÁO\nTình hình y tế năm 2025\n");
    assert_str(d->issuer.parent, "ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN");
    assert_int_equal(d->issuer.parent_line, 1);
    assert_str(d->issuer.name, "SỞ Y TẾ");
    assert_int_equal(d->issuer.name_line, 2);
    assert_str(d->province.name, "Hưng Yên");
    vnp_document_free(d);
}

/* The crawl layout: a website banner, then the header as cell blocks
 * ended by "|" lines, the name wrapped inside a head's words. */
static void test_cell_blocks_after_banner(void **state)
{
    (void)state;
    vnp_document *d = parse_text(
        "|\n|\n**Số hiệu:**\n|\n12/2024/QĐ-UBND\n|\n|\n**Nơi ban hành:**\n|\nTỉnh Bắc Giang\n|\n|\n"
        "|\n**ỦY BAN\nNHÂN DÂN**\nTỈNH BẮC GIANG\n--------\n|\n**CỘNG HÒA XÃ HỘI\n"
        "CHỦ NGHĨA VIỆT NAM**\nĐộc lập - Tự do - Hạnh phúc\n---------------\n|\n|\n"
        "Số: 12/2024/QĐ-UBND\n|\n*Bắc Giang, ngày 5\ntháng 3 năm 2024*\n|\n\n"
        "**QUYẾT ĐỊNH**\nBAN HÀNH QUY CHẾ PHỐI HỢP\n");
    assert_str(d->issuer.name, "ỦY BAN NHÂN DÂN TỈNH BẮC GIANG");
    assert_int_equal(d->issuer.name_line, 14);
    assert_null(d->issuer.parent);
    assert_str(d->province.name, "Bắc Ninh"); /* merged into Bắc Ninh on 1 July 2025 */
    assert_str(d->province.former, "Bắc Giang");
    assert_str(d->province.written, "TỈNH BẮC GIANG");
    assert_int_equal(d->province.line, 16);
    vnp_document_free(d);
}

static void test_cell_blocks_two_levels(void **state)
{
    (void)state;
    vnp_document *d = parse_text("|\nUBND THÀNH PHỐ\nĐÀ NẴNG\n**BAN QUẢN LÝ KHU CÔNG NGHỆ CAO**\n"
                                 "-------\n|\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n|\n|\n"
                                 "Số: 77/TB-BQL\n|\n*Đà Nẵng, ngày 9 tháng 10 năm 2025*\n|\n\n"
                                 "**THÔNG BÁO**\nLịch tiếp công dân\n");
    assert_str(d->issuer.parent, "UBND THÀNH PHỐ ĐÀ NẴNG");
    assert_int_equal(d->issuer.parent_line, 2);
    assert_str(d->issuer.name, "BAN QUẢN LÝ KHU CÔNG NGHỆ CAO");
    assert_int_equal(d->issuer.name_line, 4);
    assert_str(d->province.name, "Đà Nẵng");
    assert_str(d->province.kind, "city");
    assert_int_equal(d->province.line, 2);
    vnp_document_free(d);
}

/* No header block: neither issuer nor province. */
static void test_no_header_block(void **state)
{
    (void)state;
    vnp_document *d = parse_text("Các đơn vị báo cáo kết quả trước ngày 15 hằng tháng.\n\n"
                                 "Sở Tài chính tổng hợp, trình Ủy ban nhân dân tỉnh.\n");
    assert_null(d->issuer.name);
    assert_null(d->issuer.scope);
    assert_null(d->province.name);
    vnp_document_free(d);
}

/* A national ministry writes "Hà Nội" in its place line: no province. */
static void test_national_ministry(void **state)
{
    (void)state;
    vnp_document *d = parse_text("BỘ GIÁO DỤC VÀ ĐÀO TẠO\n\n-------\n\nSố: 15/2025/TT-BGDĐT\n\n"
                                 "Hà Nội, ngày 1 tháng 8 năm 2025\n\nTHÔNG TƯ\nQuy định về học bạ\n");
    assert_str(d->issuer.name, "BỘ GIÁO DỤC VÀ ĐÀO TẠO");
    assert_str(d->issuer.scope, "national");
    assert_str(d->place, "Hà Nội");
    assert_null(d->province.name);
    vnp_document_free(d);
}

/* A Party committee: the Party motto, a star for the rule. */
static void test_party_committee(void **state)
{
    (void)state;
    vnp_document *d = parse_text("|\nĐẢNG BỘ TỈNH GIA LAI\n**BAN CHẤP HÀNH**\n*\n|\n"
                                 "**ĐẢNG CỘNG SẢN VIỆT NAM**\n|\n|\nSố 21-NQ/TU\n|\n"
                                 "*Gia Lai, ngày 3 tháng 11 năm 2025*\n|\n\n**NGHỊ QUYẾT**\n"
                                 "về phát triển du lịch\n");
    assert_str(d->issuer.parent, "ĐẢNG BỘ TỈNH GIA LAI");
    assert_str(d->issuer.name, "BAN CHẤP HÀNH");
    assert_str(d->province.name, "Gia Lai");
    assert_str(d->province.source, "issuer");
    vnp_document_free(d);
}

/* A ward after the 2025 reform: a local body, and its own name is no
 * province even when an old province bore it. */
static void test_ward_after_reform(void **state)
{
    (void)state;
    vnp_document *d = parse_text("ỦY BAN NHÂN DÂN\nPHƯỜNG HẢI DƯƠNG\n-------\n\nSố: 40/KH-UBND\n\n"
                                 "Hải Dương, ngày 12 tháng 12 năm 2025\n\nKẾ HOẠCH\n"
                                 "Chuyển đổi số năm 2026\n");
    assert_str(d->issuer.name, "ỦY BAN NHÂN DÂN PHƯỜNG HẢI DƯƠNG");
    assert_str(d->issuer.scope, "local");
    assert_null(d->province.name);
    vnp_document_free(d);
    /* its place line may name the province */
    d = parse_text("UBND PHƯỜNG TRẦN HƯNG ĐẠO\n-------\n\nSố: 2/TB-UBND\n\n"
                   "Hưng Yên, ngày 1 tháng 9 năm 2025\n");
    assert_str(d->issuer.scope, "local");
    assert_str(d->province.name, "Hưng Yên");
    assert_str(d->province.source, "place");
    assert_int_equal(d->province.line, 6);
    vnp_document_free(d);
}

/* A provincial city before 2025: a local body of a province. */
static void test_provincial_city(void **state)
{
    (void)state;
    vnp_document *d = parse_text("ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÒA BÌNH\n-------\n\nSố: 5/KH-UBND\n\n"
                                 "Hòa Bình, ngày 2 tháng 3 năm 2023\n");
    assert_str(d->issuer.scope, "local");
    assert_str(d->province.name, "Phú Thọ");
    assert_str(d->province.former, "Hòa Bình");
    vnp_document_free(d);
}

/* The place line alone: spellings and abbreviations of one city. */
static void test_place_line_spellings(void **state)
{
    (void)state;
    const char *places[] = {"TP.HCM", "TP. HCM", "TP. Hồ Chí Minh", "Thành phố Hồ Chí Minh",
                            "TPHCM", "THÀNH PHỐ HỒ CHÍ MINH"};
    for (size_t i = 0; i < sizeof places / sizeof *places; i++) {
        char text[160];
        snprintf(text, sizeof text, "Số: 3/KH-SNV\n\n%s, ngày 7 tháng 7 năm 2025\n", places[i]);
        vnp_document *d = parse_text(text);
        if (!d->province.name || strcmp(d->province.name, "Hồ Chí Minh") != 0)
            fail_msg("place '%s': province '%s'", places[i],
                     d->province.name ? d->province.name : "(none)");
        assert_str(d->province.kind, "city");
        assert_str(d->province.written, places[i]);
        assert_str(d->province.source, "place");
        vnp_document_free(d);
    }
}

/* A name of the place line that is no province gives none. */
static void test_place_not_a_province(void **state)
{
    (void)state;
    vnp_document *d = parse_text("Số: 3/KH-UBND\n\nĐông Hưng, ngày 7 tháng 7 năm 2025\n");
    assert_str(d->place, "Đông Hưng");
    assert_null(d->province.name);
    vnp_document_free(d);
}

/* A province that took in others: a document from before the merger
 * belongs to the former unit of the same name. */
static void test_merger_by_date(void **state)
{
    (void)state;
    vnp_document *d = parse_text("UBND TỈNH ĐỒNG THÁP\n-------\n\nSố: 9/QĐ-UBND\n\n"
                                 "Đồng Tháp, ngày 30 tháng 6 năm 2025\n");
    assert_str(d->province.name, "Đồng Tháp");
    assert_str(d->province.former, "Đồng Tháp");
    vnp_document_free(d);
    d = parse_text("UBND TỈNH ĐỒNG THÁP\n-------\n\nSố: 9/QĐ-UBND\n\n"
                   "Đồng Tháp, ngày 1 tháng 7 năm 2025\n");
    assert_null(d->province.former);
    vnp_document_free(d);
    /* no day: the month decides; no date at all: nothing to decide by */
    d = parse_text("UBND TỈNH ĐỒNG THÁP\n-------\n\nSố: /QĐ-UBND\n\n"
                   "Đồng Tháp, ngày tháng 7 năm 2025\n");
    assert_null(d->province.former);
    vnp_document_free(d);
    d = parse_text("UBND TỈNH ĐỒNG THÁP\n-------\n\nSố: /QĐ-UBND\n");
    assert_str(d->province.name, "Đồng Tháp");
    assert_null(d->province.former);
    vnp_document_free(d);
}

/* The authority line names the issuer when the header block lost it. */
static void test_authority_line(void **state)
{
    (void)state;
    vnp_document *d = parse_text("Số: 7/NQ-HĐND\n\nNGHỊ QUYẾT\n\nVề giá dịch vụ khám bệnh\n\n"
                                 "HỘI ĐỒNG NHÂN DÂN TỈNH KHÁNH HÒA\n\n"
                                 "Căn cứ Luật Tổ chức chính quyền địa phương;\n");
    assert_str(d->title, "Về giá dịch vụ khám bệnh");
    assert_str(d->issuer.name, "HỘI ĐỒNG NHÂN DÂN TỈNH KHÁNH HÒA");
    assert_str(d->issuer.source, "authority");
    assert_int_equal(d->issuer.name_line, 7);
    assert_str(d->province.name, "Khánh Hòa");
    vnp_document_free(d);
}

/* The same document in NFD gives the same issuer and province. */
static void test_decomposed_input(void **state)
{
    (void)state;
    /* "TỈNH" and "NINH BÌNH" with combining marks */
    vnp_document *d = parse_text("UBND TI\xcc\x89NH NINH BI\xcc\x80NH\n-------\n\nSố: 1/KH-UBND\n");
    assert_str(d->province.name, "Ninh Bình");
    vnp_document_free(d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lexicon_examples),
        cmocka_unit_test(test_paragraph_layout_two_levels),
        cmocka_unit_test(test_tab_rows),
        cmocka_unit_test(test_motto_run_into_the_name),
        cmocka_unit_test(test_cell_blocks_after_banner),
        cmocka_unit_test(test_cell_blocks_two_levels),
        cmocka_unit_test(test_no_header_block),
        cmocka_unit_test(test_national_ministry),
        cmocka_unit_test(test_party_committee),
        cmocka_unit_test(test_ward_after_reform),
        cmocka_unit_test(test_provincial_city),
        cmocka_unit_test(test_place_line_spellings),
        cmocka_unit_test(test_place_not_a_province),
        cmocka_unit_test(test_merger_by_date),
        cmocka_unit_test(test_authority_line),
        cmocka_unit_test(test_decomposed_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
