/* Prose stage: tasks written as labelled paragraphs under a heading, in
 * both layouts (one paragraph per line; paragraphs hard-wrapped with blank
 * lines between), and what is not such a block: running text that uses
 * the words, a table cell, a time or a budget alone, a blank form. The
 * label lexicon's own examples are run here too. */
#include "unit_helpers.h"

#include <stdio.h>

/* Lines 1-4 of every document below; the plan covers 2026. */
#define HEAD "KẾ HOẠCH\n\nChuyển đổi số năm 2026\n\n"

static vnp_document *parse_body(const char *body)
{
    size_t n = strlen(HEAD) + strlen(body) + 1;
    char *text = malloc(n);
    assert_non_null(text);
    snprintf(text, n, "%s%s", HEAD, body);
    vnp_document *doc = parse_text(text);
    free(text);
    return doc;
}

static size_t prose_table_count(const vnp_document *doc)
{
    size_t n = 0;
    for (size_t t = 0; t < doc->table_count; t++)
        n += strcmp(doc->tables[t].kind, "prose") == 0;
    return n;
}

/* The document's only prose table. */
static const vnp_table *prose_table(const vnp_document *doc)
{
    const vnp_table *found = NULL;
    for (size_t t = 0; t < doc->table_count; t++)
        if (strcmp(doc->tables[t].kind, "prose") == 0) {
            assert_null(found);
            found = &doc->tables[t];
        }
    assert_non_null(found);
    return found;
}

/* A cell that must hold want, or be empty when want is NULL. */
static void expect_cell(const vnp_record *r, vnp_cell_role role, const char *want)
{
    const char *got = vnp_record_cell(r, role);
    if (!want && got) {
        print_error("cell %s: expected none, got \"%s\"\n", vnp_cell_role_string(role), got);
        fail();
    }
    if (want)
        assert_str(got, want);
}

static void expect_text(const char *got, const char *want)
{
    if (want)
        assert_str(got, want);
    else if (got) {
        print_error("expected none, got \"%s\"\n", got);
        fail();
    }
}

/* ---- blocks ----------------------------------------------------------------- */

/* The pattern of the national plans: a numbered heading, then a bullet for
 * each of lead, support, time and product. The record stands at the
 * heading's line; its agencies and dates are read as for a table row. */
static void test_block_under_numbered_heading(void **state)
{
    (void)state;
    vnp_document *doc = parse_body(
        "II. NHIỆM VỤ\n\n"                                         /* 5 */
        "4. Xây dựng kho dữ liệu dùng chung của tỉnh\n\n"             /* 7 */
        "- Cơ quan chủ trì: Sở Khoa học và Công nghệ.\n\n"            /* 9 */
        "- Cơ quan phối hợp: Văn phòng UBND tỉnh, Sở Tài chính.\n\n"  /* 11 */
        "- Thời gian thực hiện: Quý III/2026.\n\n"                    /* 13 */
        "- Sản phẩm: Kho dữ liệu vận hành.\n\n"                       /* 15 */
        "III. TỔ CHỨC THỰC HIỆN\n");
    const vnp_table *t = prose_table(doc);
    assert_int_equal(t->index, 1);
    assert_int_equal(t->line, 7);
    assert_int_equal(t->end_line, 15);
    assert_str(t->title, "II. NHIỆM VỤ");
    assert_int_equal(t->record_count, 1);
    const vnp_record *r = &t->records[0];
    assert_int_equal(r->seq, 1);
    assert_int_equal(r->kind, VNP_RECORD_TASK);
    assert_int_equal(r->line, 7);
    assert_str(r->number, "4");
    assert_str(r->parent, "II");
    assert_str(r->section, "II. NHIỆM VỤ");
    expect_cell(r, VNP_CELL_TASK, "Xây dựng kho dữ liệu dùng chung của tỉnh");
    expect_cell(r, VNP_CELL_LEAD, "Sở Khoa học và Công nghệ.");
    expect_cell(r, VNP_CELL_SUPPORT, "Văn phòng UBND tỉnh, Sở Tài chính.");
    expect_cell(r, VNP_CELL_DEADLINE, "Quý III/2026.");
    expect_cell(r, VNP_CELL_OUTPUT, "Kho dữ liệu vận hành.");
    assert_int_equal(r->lead_count, 1);
    assert_str(r->lead[0].name, "Sở Khoa học và Công nghệ");
    assert_int_equal(r->support_count, 2);
    assert_str(r->support[1].name, "Sở Tài chính");
    assert_non_null(r->due);
    assert_int_equal(r->due->start.month, 7);
    assert_int_equal(r->due->end.year, 2026);
    assert_int_equal(r->due->end.month, 9);
    assert_int_equal(r->due->end.day, 30);
    /* the columns are the roles filled, headed by the labels as written */
    assert_int_equal(t->column_count, 6);
    assert_int_equal(t->columns[0].role, VNP_CELL_NUMBER);
    assert_int_equal(t->columns[1].role, VNP_CELL_TASK);
    assert_int_equal(t->columns[2].role, VNP_CELL_OUTPUT);
    assert_str(t->columns[2].header, "Sản phẩm");
    assert_int_equal(t->columns[3].role, VNP_CELL_LEAD);
    assert_str(t->columns[3].header, "Cơ quan chủ trì");
    vnp_document_free(doc);
}

/* The crawl layout: paragraphs wrapped at about 80 columns, labels cut in
 * the middle, "1." on a bold line of its own and the title on the next. */
static void test_block_hard_wrapped(void **state)
{
    (void)state;
    vnp_document *doc = parse_body(
        "**I. NHIỆM VỤ\nTRỌNG TÂM**\n\n"                                        /* 5-6 */
        "**1.****\n**Tổ chức tập huấn kỹ năng số cho cán bộ,\ncông chức cấp xã\n\n" /* 8-10 */
        "- Đơn vị chủ trì thực hiện: Sở Nội\nvụ; Trung tâm Chuyển đổi số tỉnh.\n\n"
        "- Thời hạn hoàn thành: trước\nngày 30/6/2026.\n");
    const vnp_table *t = prose_table(doc);
    assert_int_equal(t->record_count, 1);
    const vnp_record *r = &t->records[0];
    assert_int_equal(r->line, 8);
    assert_str(r->number, "1");
    expect_cell(r, VNP_CELL_TASK, "Tổ chức tập huấn kỹ năng số cho cán bộ, công chức cấp xã");
    expect_cell(r, VNP_CELL_LEAD, "Sở Nội vụ; Trung tâm Chuyển đổi số tỉnh.");
    expect_cell(r, VNP_CELL_DEADLINE, "trước ngày 30/6/2026.");
    assert_int_equal(r->lead_count, 2);
    assert_str(r->lead[1].name, "Trung tâm Chuyển đổi số tỉnh");
    assert_non_null(r->due);
    assert_int_equal(r->due->kind, VNP_DUE_BEFORE);
    assert_int_equal(r->due->end.month, 6);
    vnp_document_free(doc);
}

/* "Chủ trì: ...; phối hợp: ...; thời hạn: ..." in one paragraph, and a
 * budget, which keeps its own label as an "other" column. */
static void test_labels_run_in_one_paragraph(void **state)
{
    (void)state;
    vnp_document *doc = parse_body(
        "5. Số hóa hồ sơ đất đai\n\n"
        "Chủ trì: Sở Nông nghiệp và Môi trường; phối hợp: UBND các xã; thời hạn: năm 2026.\n\n"
        "Kinh phí: ngân sách tỉnh.\n");
    const vnp_table *t = prose_table(doc);
    assert_int_equal(t->record_count, 1);
    const vnp_record *r = &t->records[0];
    expect_cell(r, VNP_CELL_TASK, "Số hóa hồ sơ đất đai");
    expect_cell(r, VNP_CELL_LEAD, "Sở Nông nghiệp và Môi trường");
    expect_cell(r, VNP_CELL_SUPPORT, "UBND các xã");
    expect_cell(r, VNP_CELL_DEADLINE, "năm 2026.");
    expect_cell(r, VNP_CELL_OTHER, "ngân sách tỉnh.");
    const vnp_column *last = &t->columns[t->column_count - 1];
    assert_int_equal(last->role, VNP_CELL_OTHER);
    assert_str(last->header, "Kinh phí");
    vnp_document_free(doc);
}

/* Labels right under a part of the plan: the part is the task and its
 * own section. */
static void test_block_under_a_part(void **state)
{
    (void)state;
    vnp_document *doc = parse_body("I. MỤC TIÊU\n\n"
                                   "Nâng cao năng lực số.\n\n"
                                   "IV. SƠ KẾT, TỔNG KẾT\n\n"
                                   "- Cơ quan chủ trì: Sở Nội vụ.\n\n"
                                   "- Thời gian: tháng 12/2026.\n");
    const vnp_table *t = prose_table(doc);
    assert_int_equal(t->record_count, 1);
    assert_str(t->records[0].number, "IV");
    assert_str(t->records[0].section, "IV. SƠ KẾT, TỔNG KẾT");
    expect_text(t->records[0].parent, NULL);
    expect_cell(&t->records[0], VNP_CELL_TASK, "SƠ KẾT, TỔNG KẾT");
    vnp_document_free(doc);
}

/* A block with only its lead is a task all the same. */
static void test_lead_alone_is_a_task(void **state)
{
    (void)state;
    vnp_document *doc = parse_body("2. Công khai danh mục dịch vụ công trực tuyến\n\n"
                                   "- Cơ quan thực hiện: các sở, ban, ngành.\n");
    const vnp_table *t = prose_table(doc);
    assert_int_equal(t->record_count, 1);
    expect_cell(&t->records[0], VNP_CELL_TASK, "Công khai danh mục dịch vụ công trực tuyến");
    expect_cell(&t->records[0], VNP_CELL_LEAD, "các sở, ban, ngành.");
    expect_cell(&t->records[0], VNP_CELL_DEADLINE, NULL);
    vnp_document_free(doc);
}

/* Lettered items under a decimal heading are tasks of their own, each
 * under that heading; text between a heading and its labels (an
 * introduction, a list it announces) leaves the heading the task. */
static void test_lettered_items_and_lists(void **state)
{
    (void)state;
    vnp_document *doc = parse_body(
        "3. Hạ tầng số\n\n"                                    /* 5 */
        "3.2. Mạng truyền số liệu chuyên dùng\n\n"             /* 7 */
        "a) Mở rộng kết nối đến các xã đảo.\n\n"               /* 9 */
        "- Cơ quan chủ trì: Sở Khoa học và Công nghệ.\n\n"
        "b) Nâng cấp trung tâm giám sát an toàn thông tin.\n\n" /* 13 */
        "- Cơ quan chủ trì: Công an tỉnh.\n\n"
        "4. Dữ liệu số\n\n"                                    /* 17 */
        "Nhiệm vụ gồm các việc sau:\n\n"
        "a) làm sạch dữ liệu dân cư;\n\n"
        "b) kết nối dữ liệu hộ tịch.\n\n"
        "- Cơ quan chủ trì: Sở Tư pháp.\n");
    const vnp_table *t = prose_table(doc);
    assert_int_equal(t->record_count, 3);
    assert_str(t->records[0].number, "a)");
    assert_str(t->records[0].parent, "3.2");
    assert_int_equal(t->records[0].line, 9);
    expect_cell(&t->records[0], VNP_CELL_TASK, "Mở rộng kết nối đến các xã đảo.");
    assert_str(t->records[1].number, "b)");
    assert_str(t->records[1].parent, "3.2");
    expect_cell(&t->records[1], VNP_CELL_LEAD, "Công an tỉnh.");
    assert_str(t->records[2].number, "4");
    assert_int_equal(t->records[2].line, 17);
    expect_text(t->records[2].parent, NULL);
    expect_cell(&t->records[2], VNP_CELL_TASK, "Dữ liệu số");
    vnp_document_free(doc);
}

/* Under a heading that names an agency's duties, each bullet is a task and
 * the labels after it are its own; the heading becomes their parent. A
 * time alone after a task's bullet is that task's deadline. */
static void test_several_blocks_under_one_heading(void **state)
{
    (void)state;
    vnp_document *doc = parse_body(
        "2.3. Sở Xây dựng\n\n"                                           /* 5 */
        "- Cập nhật bản đồ số quy hoạch đô thị.\n\n"                      /* 7 */
        "- Thời gian hoàn thành: tháng 10/2026.\n\n"
        "- Hướng dẫn các xã cập nhật dữ liệu công trình.\n\n"             /* 11 */
        "+ Phối hợp: UBND các xã, phường.\n\n"
        "+ Kết quả: văn bản hướng dẫn.\n\n"
        "- Tổng hợp, báo cáo kết quả hằng quý.\n\n"                       /* 17 */
        "Thời hạn: ngày 25 của tháng cuối quý.\n");
    const vnp_table *t = prose_table(doc);
    assert_int_equal(t->record_count, 3);
    for (size_t i = 0; i < 3; i++) {
        expect_text(t->records[i].number, NULL);
        assert_str(t->records[i].parent, "2.3");
    }
    assert_int_equal(t->records[0].line, 7);
    expect_cell(&t->records[0], VNP_CELL_TASK, "Cập nhật bản đồ số quy hoạch đô thị.");
    expect_cell(&t->records[0], VNP_CELL_DEADLINE, "tháng 10/2026.");
    assert_int_equal(t->records[1].line, 11);
    expect_cell(&t->records[1], VNP_CELL_TASK, "Hướng dẫn các xã cập nhật dữ liệu công trình.");
    expect_cell(&t->records[1], VNP_CELL_SUPPORT, "UBND các xã, phường.");
    expect_cell(&t->records[1], VNP_CELL_OUTPUT, "văn bản hướng dẫn.");
    assert_int_equal(t->records[2].line, 17);
    expect_cell(&t->records[2], VNP_CELL_DEADLINE, "ngày 25 của tháng cuối quý.");
    vnp_document_free(doc);
}

/* A label left open takes the bullets under it: a list of agencies. */
static void test_label_continued_in_bullets(void **state)
{
    (void)state;
    vnp_document *doc = parse_body("1. Truyền thông về dịch vụ công\n\n"
                                   "- Cơ quan thực hiện:\n\n"
                                   "+ Sở Văn hóa, Thể thao và Du lịch\n\n"
                                   "+ Báo và Đài Phát thanh tỉnh\n\n"
                                   "- Thời gian thực hiện: hằng năm.\n");
    const vnp_table *t = prose_table(doc);
    assert_int_equal(t->record_count, 1);
    const vnp_record *r = &t->records[0];
    expect_cell(r, VNP_CELL_LEAD, "Sở Văn hóa, Thể thao và Du lịch; Báo và Đài Phát thanh tỉnh");
    assert_int_equal(r->lead_count, 2);
    expect_cell(r, VNP_CELL_DEADLINE, "hằng năm.");
    vnp_document_free(doc);
}

/* ---- what is no block ----------------------------------------------------------- */

/* Running text that uses the words ("chủ trì, phối hợp với"), a label
 * without its colon, a time and a budget alone, a blank form, a support
 * alone and a time after an attribute ("- Hình thức: ...") are no task. */
static void test_text_that_is_no_block(void **state)
{
    (void)state;
    vnp_document *doc = parse_body(
        "1. Cải cách thủ tục hành chính\n\n"
        "- Sở Nội vụ chủ trì, phối hợp với các sở, ngành rà soát quy trình nội bộ.\n\n"
        "Thời gian thực hiện sau khi đề án được phê duyệt.\n\n"
        "2. Thời gian và kinh phí\n\n"
        "Thời gian thực hiện: năm 2026.\n\n"
        "Kinh phí: ngân sách nhà nước.\n\n"
        "3. Mẫu đăng ký\n\n"
        "Tổ chức chủ trì: ..............................\n\n"
        "Thời gian thực hiện: ………… tháng\n\n"
        "4. Cơ quan giải quyết\n\n"
        "- Cơ quan phối hợp: các cơ quan có liên quan.\n\n"
        "5. Hội nghị tập huấn\n\n"
        "- Hình thức: trực tuyến kết hợp trực tiếp.\n\n"
        "- Thời gian: 02 ngày.\n");
    assert_int_equal(prose_table_count(doc), 0);
    vnp_document_free(doc);
}

/* Labels inside table cells, in either table layout, belong to their
 * table: no prose block is read from them. */
static void test_table_cells_are_no_block(void **state)
{
    (void)state;
    vnp_document *doc = parse_body(
        "STT\tNội dung\tĐơn vị thực hiện\tThời hạn\n"
        "1\tCơ quan chủ trì: Sở Tài chính\tThời gian thực hiện: năm 2026\tQuý I\n\n"
        "|\nSTT\n|\nTên thủ tục\n|\nCơ quan thực hiện\n|\n|\n"
        "1\n|\nCấp phép\n|\n- Cơ quan thực hiện: Sở Y tế\n- Cơ quan phối hợp: không\n|\n|\n");
    assert_int_equal(prose_table_count(doc), 0);
    assert_true(doc->table_count >= 1);
    vnp_document_free(doc);
}

/* A numbered line that opens with a label is a heading or a step of a
 * procedure ("1. Thời gian thực hiện: ..."), not a label. */
static void test_numbered_label_is_no_label(void **state)
{
    (void)state;
    vnp_document *doc = parse_body("Điều 5. Trình tự thực hiện\n\n"
                                   "1. Thời gian thực hiện: không quá 05 ngày làm việc.\n\n"
                                   "2. Cơ quan thực hiện: Sở Xây dựng.\n");
    assert_int_equal(prose_table_count(doc), 0);
    vnp_document_free(doc);
}

/* ---- tables ------------------------------------------------------------------------ */

/* A table between two blocks ends the first prose table; the tables of the
 * document stay in document order with their indices. */
static void test_prose_tables_among_annex_tables(void **state)
{
    (void)state;
    vnp_document *doc = parse_body(
        "1. Lập danh mục cơ sở dữ liệu\n\n"                 /* 5 */
        "- Cơ quan chủ trì: Sở Khoa học và Công nghệ.\n\n"
        "STT\tNhiệm vụ\tCơ quan chủ trì\tThời hạn\n"          /* 9 */
        "1\tRà soát hạ tầng\tSở Tài chính\tQuý II/2026\n\n"
        "2. Đánh giá mức độ chuyển đổi số\n\n"               /* 12 */
        "- Chủ trì: Sở Nội vụ.\n");
    assert_int_equal(doc->table_count, 3);
    assert_string_equal(doc->tables[0].kind, "prose");
    assert_string_equal(doc->tables[1].kind, "tasks");
    assert_string_equal(doc->tables[2].kind, "prose");
    for (size_t t = 0; t < 3; t++)
        assert_int_equal(doc->tables[t].index, t + 1);
    assert_int_equal(doc->tables[0].line, 5);
    assert_int_equal(doc->tables[0].end_line, 7);
    assert_int_equal(doc->tables[2].line, 12);
    assert_int_equal(doc->tables[2].records[0].lead_count, 1);
    vnp_document_free(doc);
}

/* ---- the lexicon's examples --------------------------------------------------------- */

/* "# example: TEXT => role=value role=value": the fields of one
 * paragraph; nothing after "=>" means no label. */
static void run_label_example(struct vnp_internal *in, const char *text, const char *spec)
{
    prose_field f[16];
    size_t n = prose_fields(in, text, strlen(text), f, 16);
    char got[1024] = "";
    size_t at = 0;
    for (size_t k = 0; k < n && at < sizeof got; k++)
        at += (size_t)snprintf(got + at, sizeof got - at, "%s%s=%.*s", k ? " " : "",
                               vnp_cell_role_string(f[k].role), (int)f[k].value_len,
                               f[k].value);
    while (*spec == ' ')
        spec++;
    if (strcmp(got, spec) != 0)
        fail_msg("example '%s': got '%s', expected '%s'", text, got, spec);
}

static void test_label_examples(void **state)
{
    (void)state;
    vnp_document *doc = parse_body("");
    size_t len, count = 0;
    const char *src = lexicon_text("prose_labels.tsv", &len);
    assert_non_null(src);
    const char *tag = "# example: ";
    for (const char *p = src; (p = strstr(p, tag)) != NULL;) {
        const char *end = strchr(p, '\n');
        assert_non_null(end);
        char line[1024];
        size_t n = (size_t)(end - p) - strlen(tag);
        assert_true(n < sizeof line);
        memcpy(line, p + strlen(tag), n);
        line[n] = '\0';
        char *arrow = strstr(line, " =>");
        assert_non_null(arrow);
        *arrow = '\0';
        run_label_example(doc->internal, line, arrow + 3);
        count++;
        p = end;
    }
    assert_true(count >= 10);
    vnp_document_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_block_under_numbered_heading),
        cmocka_unit_test(test_block_hard_wrapped),
        cmocka_unit_test(test_labels_run_in_one_paragraph),
        cmocka_unit_test(test_block_under_a_part),
        cmocka_unit_test(test_lead_alone_is_a_task),
        cmocka_unit_test(test_lettered_items_and_lists),
        cmocka_unit_test(test_several_blocks_under_one_heading),
        cmocka_unit_test(test_label_continued_in_bullets),
        cmocka_unit_test(test_text_that_is_no_block),
        cmocka_unit_test(test_table_cells_are_no_block),
        cmocka_unit_test(test_numbered_label_is_no_label),
        cmocka_unit_test(test_prose_tables_among_annex_tables),
        cmocka_unit_test(test_label_examples),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
