/* Table stage, the classes of tables written freely: header cells read by
 * their words, columns confirmed by their cells, rows with fewer cells
 * than the table, sections in one cell or between two parts of a table,
 * tables that follow each other under headings, and procedure steps. Every
 * table here is made up for the test; most use the block layout ("|" ends
 * a cell, a second "|" a row). */
#include "unit_helpers.h"

#include <stdio.h>

#define PLAN_HEAD "KẾ HOẠCH\n\nPhát triển dịch vụ công năm 2026\n\n"

static vnp_document *parse_table(const char *rows)
{
    size_t n = strlen(PLAN_HEAD) + strlen(rows) + 1;
    char *text = malloc(n);
    assert_non_null(text);
    snprintf(text, n, "%s%s", PLAN_HEAD, rows);
    vnp_document *doc = parse_text(text);
    free(text);
    return doc;
}

static const char *cell(const vnp_record *r, vnp_cell_role role)
{
    const char *c = vnp_record_cell(r, role);
    return c ? c : "";
}

static const vnp_record *task_numbered(const vnp_table *t, const char *number)
{
    for (size_t i = 0; i < t->record_count; i++)
        if (t->records[i].kind == VNP_RECORD_TASK && t->records[i].number &&
            strcmp(t->records[i].number, number) == 0)
            return &t->records[i];
    print_error("no task numbered %s\n", number);
    fail();
    return NULL;
}

static void assert_role(const vnp_table *t, size_t col, const char *role)
{
    assert_true(col < t->column_count);
    assert_string_equal(vnp_cell_role_string(t->columns[col].role), role);
}

/* ---- header words ------------------------------------------------------------ */

/* Header phrases worded freely: the head noun and its modifiers name the
 * column, "/" and "," join alternatives, a bracket is a remark. */
static void test_header_phrases(void **state)
{
    (void)state;
    static const struct {
        const char *header, *role;
    } cases[] = {
        {"Nội dung/công việc", "task"},          {"Tên nhiệm vụ/đề án", "task"},
        {"Nhiệm vụ, giải pháp", "task"},         {"Cơ quan, đơn vị chủ trì", "lead"},
        {"Thời gian dự kiến hoàn thành", "deadline"}, {"Lộ trình thực hiện", "deadline"},
        {"Kết quả dự kiến", "output"},           {"Biểu mẫu/ kết quả", "output"},
        {"Đơn vị/người thực hiện", "lead"},      {"Trách nhiệm", "lead"},
        {"Thời hạn giải quyết (ĐVT: ngày)", "deadline"}, {"Nguồn kinh phí", "other"},
        {"Kinh phí dự kiến", "other"},           {"Cơ quan, tổ chức phối hợp", "support"},
        {"Thời điểm bắt đầu", "start"},          {"Thứ tự bước", "number"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[512];
        snprintf(text, sizeof text, "STT\t%s\tGhi chú\n1\tMột việc cần làm\tKhông\n",
                 cases[i].header);
        vnp_document *doc = parse_table(text);
        if (doc->table_count != 1)
            fail_msg("\"%s\": no table", cases[i].header);
        if (strcmp(vnp_cell_role_string(doc->tables[0].columns[1].role), cases[i].role) != 0)
            fail_msg("\"%s\": role %s, expected %s", cases[i].header,
                     vnp_cell_role_string(doc->tables[0].columns[1].role), cases[i].role);
        vnp_document_free(doc);
    }
}

/* Rows whose cells open with agency or header words are rows, not
 * headers: a phrase opens with its head, and values have digits. */
static void test_data_rows_are_no_headers(void **state)
{
    (void)state;
    vnp_document *doc = parse_table("STT\tCông việc\tĐơn vị chủ trì\tThời gian\n"
                                    "1\tCác phòng, đơn vị thuộc Sở\tĐơn vị sự nghiệp\tQuý I\n"
                                    "2\tKết quả kiểm tra, báo cáo\tPhòng Kế hoạch, Tài chính\t"
                                    "Năm 2026\n");
    assert_int_equal(doc->table_count, 1);
    assert_int_equal(doc->tables[0].record_count, 2);
    vnp_document_free(doc);
}

/* ---- columns confirmed by their cells ------------------------------------------ */

/* A table with no number column, in cell blocks. */
static void test_no_number_column(void **state)
{
    (void)state;
    vnp_document *doc = parse_table("|\n"
                                    "Nội dung/công việc\n|\nCơ quan, đơn vị chủ trì\n|\n"
                                    "Thời gian dự kiến hoàn thành\n|\n|\n"
                                    "Khảo sát nhu cầu của doanh nghiệp\n|\nSở Công Thương\n|\n"
                                    "Quý II/2026\n|\n|\n"
                                    "Công bố kết quả khảo sát\n|\nVăn phòng UBND tỉnh\n|\n"
                                    "Tháng 9/2026\n|\n");
    assert_int_equal(doc->table_count, 1);
    const vnp_table *t = &doc->tables[0];
    assert_string_equal(t->kind, "tasks");
    assert_int_equal(t->record_count, 2);
    assert_null(t->records[1].number);
    assert_str(vnp_record_cell(&t->records[1], VNP_CELL_TASK), "Công bố kết quả khảo sát");
    assert_str(vnp_record_cell(&t->records[1], VNP_CELL_LEAD), "Văn phòng UBND tỉnh");
    assert_str(vnp_record_cell(&t->records[1], VNP_CELL_DEADLINE), "Tháng 9/2026");
    vnp_document_free(doc);
}

/* A header shorter than its rows: its first cell spans the number and the
 * task columns; the column of numbers is the number column. A generic
 * "Đơn vị" column of units is no lead. */
static void test_header_shorter_than_rows(void **state)
{
    (void)state;
    vnp_document *doc = parse_table("|\n"
                                    "Nhiệm vụ\n|\nĐơn vị\n|\nCơ quan phối hợp\n|\nLộ trình\n|\n|\n"
                                    "1\n|\nMở lớp bồi dưỡng kỹ năng số\n|\nlớp\n|\n"
                                    "Sở Nội vụ\n|\nNăm 2026\n|\n|\n"
                                    "2\n|\nĐánh giá chất lượng lớp học\n|\nbáo cáo\n|\n"
                                    "Sở Giáo dục và Đào tạo\n|\nNăm 2027\n|\n");
    assert_int_equal(doc->table_count, 1);
    const vnp_table *t = &doc->tables[0];
    assert_int_equal(t->column_count, 5);
    assert_role(t, 0, "number");
    assert_role(t, 1, "task");
    assert_role(t, 2, "other");
    assert_role(t, 3, "support");
    assert_role(t, 4, "deadline");
    const vnp_record *r = task_numbered(t, "2");
    assert_str(vnp_record_cell(r, VNP_CELL_TASK), "Đánh giá chất lượng lớp học");
    assert_int_equal(r->other_count, 1);
    assert_str(r->other[0].text, "báo cáo");
    vnp_document_free(doc);
}

/* A header split over two rows in cell blocks: the merged top cell is
 * written once, the second row holds only the cells under it. */
static void test_two_row_header_in_cell_blocks(void **state)
{
    (void)state;
    vnp_document *doc = parse_table("|\n"
                                    "TT\n|\nTên nhiệm vụ\n|\nĐơn vị chủ trì\n|\nThời gian\n|\n"
                                    "Sản phẩm\n|\n|\n"
                                    "Bắt đầu\n|\nKết thúc\n|\n|\n"
                                    "1\n|\nXây dựng kho dữ liệu dùng chung\n|\nSở Tài chính\n|\n"
                                    "Tháng 2/2026\n|\nTháng 11/2026\n|\nKho dữ liệu\n|\n");
    assert_int_equal(doc->table_count, 1);
    const vnp_table *t = &doc->tables[0];
    assert_int_equal(t->column_count, 6);
    assert_str(t->columns[3].header, "Thời gian / Bắt đầu");
    assert_role(t, 3, "start");
    assert_role(t, 4, "deadline");
    assert_role(t, 5, "output");
    assert_int_equal(t->record_count, 1);
    const vnp_record *r = task_numbered(t, "1");
    assert_str(vnp_record_cell(r, VNP_CELL_START), "Tháng 2/2026");
    assert_str(vnp_record_cell(r, VNP_CELL_DEADLINE), "Tháng 11/2026");
    assert_str(vnp_record_cell(r, VNP_CELL_OUTPUT), "Kho dữ liệu");
    vnp_document_free(doc);
}

/* Rows with fewer cells than the header: cells fill from the left (the
 * merged cells at the right are left empty, nothing copied down), unless
 * their content says that the merged cell is at the left (a row under a
 * merged step number opens with its agency). */
static void test_rows_with_fewer_cells(void **state)
{
    (void)state;
    vnp_document *doc = parse_table("|\n"
                                    "Bước\n|\nNgười thực hiện\n|\nCông việc\n|\nThời hạn\n|\n"
                                    "Hồ sơ\n|\n|\n"
                                    "Bước 1\n|\nVăn thư\n|\nNhận hồ sơ của công dân\n|\n"
                                    "0,5 ngày\n|\nSổ theo dõi\n|\n|\n"
                                    "Bước 2\n|\nChuyên viên phòng Nội vụ\n|\nThẩm tra hồ sơ\n|\n|\n"
                                    "Trưởng phòng Nội vụ\n|\nKý duyệt kết quả thẩm tra\n|\n"
                                    "1 ngày\n|\n|\n"
                                    "Bước 3\n|\nVăn thư\n|\nTrả kết quả\n|\nGiờ hành chính\n|\n"
                                    "Phiếu trả kết quả\n|\n");
    assert_int_equal(doc->table_count, 1);
    const vnp_table *t = &doc->tables[0];
    assert_string_equal(t->kind, "procedure");
    const vnp_record *r = task_numbered(t, "Bước 2");
    assert_str(vnp_record_cell(r, VNP_CELL_LEAD), "Chuyên viên phòng Nội vụ");
    assert_str(vnp_record_cell(r, VNP_CELL_TASK), "Thẩm tra hồ sơ");
    assert_string_equal(cell(r, VNP_CELL_DEADLINE), "");
    assert_string_equal(cell(r, VNP_CELL_OUTPUT), "");
    const vnp_record *sub = r + 1; /* the row under the merged "Bước 2" cell */
    assert_null(sub->number);
    assert_str(vnp_record_cell(sub, VNP_CELL_LEAD), "Trưởng phòng Nội vụ");
    assert_str(vnp_record_cell(sub, VNP_CELL_TASK), "Ký duyệt kết quả thẩm tra");
    assert_str(vnp_record_cell(sub, VNP_CELL_DEADLINE), "1 ngày");
    vnp_document_free(doc);
}

/* ---- sections ------------------------------------------------------------------ */

/* A section row in one cell spanning the table, numeral and title in
 * one; nested sections in two cells; numbering restarts in each; the
 * record's section is the innermost. */
static void test_sections_in_one_cell_and_nested(void **state)
{
    (void)state;
    vnp_document *doc = parse_table("|\n"
                                    "STT\n|\nNhiệm vụ\n|\nChủ trì\n|\nThời hạn\n|\n|\n"
                                    "A. NHIỆM VỤ CỦA CẤP TỈNH\n|\n|\n"
                                    "I\n|\nHạ tầng số\n|\n|\n"
                                    "I.1\n|\nMạng truyền dẫn\n|\n|\n"
                                    "1\n|\nNâng cấp mạng nội bộ\n|\nSở Khoa học và Công nghệ\n|\n"
                                    "Quý III/2026\n|\n|\n"
                                    "I.2\n|\nTrung tâm dữ liệu\n|\n|\n"
                                    "1\n|\nMở rộng máy chủ\n|\nSở Tài chính\n|\nNăm 2027\n|\n|\n"
                                    "II\n|\nNhân lực số\n|\n|\n"
                                    "1\n|\nĐào tạo cán bộ chuyên trách\n|\nSở Nội vụ\n|\nNăm 2026\n|\n");
    assert_int_equal(doc->table_count, 1);
    const vnp_table *t = &doc->tables[0];
    const vnp_record *sec = &t->records[0];
    assert_int_equal(sec->kind, VNP_RECORD_SECTION);
    assert_str(sec->number, "A.");
    assert_str(sec->title, "NHIỆM VỤ CỦA CẤP TỈNH");
    size_t tasks = 0;
    static const char *const groups[] = {"I.1. Mạng truyền dẫn", "I.2. Trung tâm dữ liệu",
                                         "II. Nhân lực số"};
    for (size_t i = 0; i < t->record_count; i++)
        if (t->records[i].kind == VNP_RECORD_TASK) {
            assert_true(tasks < 3);
            assert_str(t->records[i].number, "1");
            assert_str(t->records[i].section, groups[tasks++]);
        }
    assert_int_equal(tasks, 3);
    vnp_document_free(doc);
}

/* Three tables in a row with paragraph headings between them: each heading
 * ends a table, and each table has its own header and records. A heading
 * between two parts of one table (no header after it) is a section. */
static void test_tables_under_headings(void **state)
{
    (void)state;
    vnp_document *doc = parse_table(
        "**1. Quy trình cấp phép**\n"
        "|\nTT\n|\nTrình tự\n|\nTrách nhiệm\n|\nThời gian\n|\n|\n"
        "B1\n|\nTiếp nhận hồ sơ\n|\nBộ phận một cửa\n|\n0,5 ngày\n|\n|\n"
        "B2\n|\nThẩm định hồ sơ\n|\nPhòng chuyên môn\n|\n2 ngày\n|\n"
        "**2. Quy trình gia hạn**\n"
        "|\nTT\n|\nTrình tự\n|\nTrách nhiệm\n|\nThời gian\n|\n|\n"
        "B1\n|\nTiếp nhận đề nghị\n|\nBộ phận một cửa\n|\n1 ngày\n|\n"
        "**3. Kế hoạch kiểm tra**\n"
        "|\nSTT\n|\nNội dung\n|\nĐơn vị chủ trì\n|\nThời hạn\n|\n|\n"
        "1\n|\nKiểm tra việc cấp phép\n|\nThanh tra tỉnh\n|\nQuý IV/2026\n|\n"
        "**II. KIỂM TRA ĐỘT XUẤT**\n"
        "|\n1\n|\nKiểm tra khi có phản ánh\n|\nThanh tra tỉnh\n|\nKhi có phát sinh\n|\n");
    assert_int_equal(doc->table_count, 3);
    assert_string_equal(doc->tables[0].kind, "procedure");
    assert_string_equal(doc->tables[1].kind, "procedure");
    assert_string_equal(doc->tables[2].kind, "tasks");
    assert_int_equal(doc->tables[0].record_count, 2);
    assert_int_equal(doc->tables[1].record_count, 1);
    assert_str(vnp_record_cell(task_numbered(&doc->tables[0], "B2"), VNP_CELL_LEAD), "Phòng chuyên môn");
    const vnp_table *t = &doc->tables[2];
    assert_null(task_numbered(t, "1")->section);
    assert_int_equal(t->record_count, 3);
    assert_int_equal(t->records[1].kind, VNP_RECORD_SECTION);
    assert_str(t->records[2].section, "II. KIỂM TRA ĐỘT XUẤT");
    assert_str(vnp_record_cell(&t->records[2], VNP_CELL_DEADLINE), "Khi có phát sinh");
    vnp_document_free(doc);
}

/* A step table ends where rows are numbered otherwise: "3 | BIỂU MẪU" and
 * its form list belong to the next table, which the converter ran into it. */
static void test_step_table_ends_at_other_numbering(void **state)
{
    (void)state;
    vnp_document *doc = parse_table("|\n"
                                    "TT\n|\nTrình tự\n|\nTrách nhiệm\n|\nThời gian\n|\n|\n"
                                    "Bước 1\n|\nNhận và kiểm tra hồ sơ\n|\nCông chức một cửa\n|\n"
                                    "Giờ hành chính\n|\n|\n"
                                    "Bước 2\n|\nGiải quyết hồ sơ\n|\nLãnh đạo phòng\n|\n3 ngày\n|\n|\n"
                                    "3\n|\nBIỂU MẪU\n|\n|\n"
                                    "Mẫu 01\n|\nPhiếu hẹn trả kết quả\n|\n");
    assert_int_equal(doc->table_count, 1);
    const vnp_table *t = &doc->tables[0];
    assert_string_equal(t->kind, "procedure");
    assert_int_equal(t->record_count, 2);
    assert_str(vnp_record_cell(task_numbered(t, "Bước 2"), VNP_CELL_DEADLINE), "3 ngày");
    vnp_document_free(doc);
}


/* ---- blocks of cells: what the converter runs together ------------------------ */

static const vnp_table *table_at_line(const vnp_document *doc, size_t index)
{
    assert_true(index < doc->table_count);
    return &doc->tables[index];
}

/* The end of one procedure (its total and the next one's heading) run into
 * the next header in one block: the header starts at its number column and
 * opens a table of its own, even with the same words as the first. A
 * header repeated with nothing before it stays a repeat. */
static void test_header_run_into_the_row_before(void **state)
{
    (void)state;
    vnp_document *doc = parse_table("|\n"
                                    "TT\n|\nCông việc\n|\nĐơn vị thực hiện\n|\nThời hạn\n|\n|\n"
                                    "B1\n|\nNhận đơn đề nghị\n|\nBộ phận một cửa\n|\n1 ngày\n|\n|\n"
                                    "B2\n|\nLập danh sách\n|\nPhòng Văn hóa\n|\n2 ngày\n|\n|\n"
                                    "Tổng thời gian\n|\n3 ngày\n|\n"
                                    "2. Cấp lại giấy xác nhận\n|\n"
                                    "TT\n|\nCông việc\n|\nĐơn vị thực hiện\n|\nThời hạn\n|\n|\n"
                                    "B1\n|\nTiếp nhận hồ sơ cấp lại\n|\nVăn thư xã\n|\n0,5 ngày\n|\n|\n"
                                    "TT\n|\nCông việc\n|\nĐơn vị thực hiện\n|\nThời hạn\n|\n|\n"
                                    "B2\n|\nTrả giấy xác nhận\n|\nBộ phận một cửa\n|\nGiờ hành chính\n|\n");
    assert_int_equal(doc->table_count, 2);
    const vnp_table *t = table_at_line(doc, 1);
    assert_string_equal(t->kind, "procedure");
    assert_int_equal(t->column_count, 4);
    assert_role(t, 0, "number");
    assert_role(t, 2, "lead");
    assert_str(vnp_record_cell(task_numbered(t, "B1"), VNP_CELL_LEAD), "Văn thư xã");
    assert_str(vnp_record_cell(task_numbered(t, "B2"), VNP_CELL_DEADLINE), "Giờ hành chính");
    assert_str(vnp_record_cell(task_numbered(table_at_line(doc, 0), "B2"), VNP_CELL_TASK), "Lập danh sách");
    vnp_document_free(doc);
}

/* An empty cell is a lone "|", as a row end is: counted against the
 * header's width, rows the layout ended at an empty cell are one row
 * again, and a row takes the empty cells that open it. */
static void test_empty_cells_in_cell_blocks(void **state)
{
    (void)state;
    vnp_document *doc = parse_table("|\n"
                                    "STT\n|\nNội dung\n|\nCơ quan chủ trì\n|\nCơ quan phối hợp\n|\n"
                                    "Thời gian\n|\nGhi chú\n|\n|\n"
                                    "1\n|\nRà soát quy hoạch đô thị\n|\nSở Xây dựng\n|\n|\n"
                                    "Quý II/2026\n|\n|\n|\n"
                                    "2\n|\nKiểm tra định kỳ các công trình\n|\n|\n|\nHằng năm\n|\n|\n|\n"
                                    "|\nbáo cáo kết quả kiểm tra\n|\n|\n|\n|\nĐã có kế hoạch\n|\n|\n"
                                    "3\n|\nTổng kết thực hiện\n|\nSở Nội vụ\n|\nCác sở, ngành\n|\n"
                                    "Tháng 12/2026\n|\n");
    assert_int_equal(doc->table_count, 1);
    const vnp_table *t = &doc->tables[0];
    assert_string_equal(t->kind, "tasks");
    const vnp_record *r = task_numbered(t, "1");
    assert_str(vnp_record_cell(r, VNP_CELL_LEAD), "Sở Xây dựng");
    assert_null(vnp_record_cell(r, VNP_CELL_SUPPORT));
    assert_str(vnp_record_cell(r, VNP_CELL_DEADLINE), "Quý II/2026");
    r = task_numbered(t, "2");
    assert_null(vnp_record_cell(r, VNP_CELL_LEAD));
    assert_str(vnp_record_cell(r, VNP_CELL_DEADLINE), "Hằng năm");
    assert_int_equal(r->other_count, 0);
    assert_str(vnp_record_cell(task_numbered(t, "3"), VNP_CELL_SUPPORT), "Các sở, ngành");
    vnp_document_free(doc);
}

/* Negative: a row that a single "|" parts from text (a section title
 * spanning the table) or from a record number stays a row of its own. */
static void test_lone_pipe_before_a_row_of_its_own(void **state)
{
    (void)state;
    vnp_document *doc = parse_table("|\n"
                                    "Bước\n|\nNgười thực hiện\n|\nCông việc\n|\nThời hạn\n|\n"
                                    "Kết quả\n|\n|\n"
                                    "Bước 1\n|\nVăn thư\n|\nNhận hồ sơ\n|\n|\n"
                                    "Quy trình tại Ủy ban nhân dân xã\n|\n|\n"
                                    "Bước 2\n|\nChủ tịch xã\n|\nKý quyết định\n|\n|\n"
                                    "Bước 3\n|\nVăn thư xã\n|\nTrả kết quả\n|\n1 ngày\n|\nQuyết định\n|\n");
    const vnp_table *t = &doc->tables[0];
    const vnp_record *r = task_numbered(t, "Bước 1");
    assert_null(vnp_record_cell(r, VNP_CELL_OUTPUT));
    assert_null(vnp_record_cell(r, VNP_CELL_DEADLINE));
    r = task_numbered(t, "Bước 2");
    assert_str(r->section, "Quy trình tại Ủy ban nhân dân xã");
    assert_null(vnp_record_cell(r, VNP_CELL_OUTPUT));
    assert_str(vnp_record_cell(task_numbered(t, "Bước 3"), VNP_CELL_LEAD), "Văn thư xã");
    vnp_document_free(doc);
}

/* A value after a single "|" continues the row ("100" after "1.1" is no
 * record number), a number that may follow does not ("1.2"). */
static void test_values_after_an_empty_cell(void **state)
{
    (void)state;
    vnp_document *doc = parse_table("|\n"
                                    "TT\n|\nNội dung\n|\nTrung ương (%)\n|\nTỉnh (%)\n|\n"
                                    "Cơ quan chủ trì\n|\n|\n"
                                    "1.1\n|\nPhí bảo vệ môi trường\n|\n|\n100\n|\nSở Tài chính\n|\n|\n"
                                    "1.2\n|\nLệ phí trước bạ\n|\n40\n|\n60\n|\nSở Nội vụ\n|\n");
    const vnp_table *t = &doc->tables[0];
    const vnp_record *r = task_numbered(t, "1.1");
    assert_str(vnp_record_cell(r, VNP_CELL_LEAD), "Sở Tài chính");
    assert_int_equal(r->other_count, 1);
    assert_int_equal(r->other[0].column, 4);
    assert_str(r->other[0].text, "100");
    assert_str(vnp_record_cell(task_numbered(t, "1.2"), VNP_CELL_LEAD), "Sở Nội vụ");
    vnp_document_free(doc);
}

/* A page break cut a step: the rest of its text and its form, whose cell
 * the step left empty, come in the next row. */
static void test_break_fills_an_empty_column(void **state)
{
    (void)state;
    vnp_document *doc = parse_table("|\n"
                                    "TT\n|\nTrình tự\n|\nTrách nhiệm\n|\nThời gian\n|\n"
                                    "Biểu mẫu/Kết quả\n|\n|\n"
                                    "B1\n|\nCông dân nộp hồ sơ đề nghị tại bộ phận một cửa của\n|\n"
                                    "Tổ chức\n|\nGiờ hành chính\n|\n|\n|\n|\n"
                                    "xã nơi cư trú\n|\n|\n|\nMẫu đơn số 01\n|\n|\n"
                                    "B2\n|\nThẩm định hồ sơ\n|\nCông chức tư pháp\n|\n2 ngày\n|\n"
                                    "Phiếu thẩm định\n|\n");
    const vnp_table *t = &doc->tables[0];
    const vnp_record *r = task_numbered(t, "B1");
    assert_str(vnp_record_cell(r, VNP_CELL_TASK),
               "Công dân nộp hồ sơ đề nghị tại bộ phận một cửa của xã nơi cư trú");
    assert_str(vnp_record_cell(r, VNP_CELL_OUTPUT), "Mẫu đơn số 01");
    assert_int_equal(t->record_count, 2);
    vnp_document_free(doc);
}

/* Negative: a capitalised cell where the record has none, with no
 * sentence continued, is a row of its own. */
static void test_capital_cell_in_an_empty_column_is_a_row(void **state)
{
    (void)state;
    vnp_document *doc = parse_table("TT\tNội dung\tChủ trì\tThời gian\tSản phẩm\n"
                                    "1\tLập đề án chuyển đổi số\tSở Khoa học và Công nghệ\tNăm 2026\t\n"
                                    "\tHội thảo lấy ý kiến\t\t\tBiên bản hội thảo\n"
                                    "2\tTập huấn cán bộ\tSở Nội vụ\tQuý III/2026\tLớp tập huấn\n");
    const vnp_table *t = &doc->tables[0];
    assert_null(vnp_record_cell(task_numbered(t, "1"), VNP_CELL_OUTPUT));
    assert_int_equal(t->record_count, 3);
    vnp_document_free(doc);
}

/* ---- what a table lists ---------------------------------------------------------- */

/* Figures, norms or places beside "Nội dung" list no tasks; a column of
 * work with one of who does it does. */
static void test_kind_by_column_roles(void **state)
{
    (void)state;
    static const struct {
        const char *text, *kind;
    } cases[] = {
        {"STT\tNội dung\tĐơn vị tính\tNăm 2025\tNăm 2026\n"
         "1\tTổng thu ngân sách\tTỷ đồng\t1.200\t1.350\n2\tTốc độ tăng trưởng\t%\t8,0\t8,5\n",
         "other"},
        {"TT\tNội dung\tĐịa điểm thực hiện\n1\tĐiều trị cắt cơn\tTại gia đình\n"
         "2\tPhục hồi hành vi\tTại cơ sở cai nghiện\n",
         "other"},
        {"TT\tNội dung\tMức chi\tGhi chú\n1\tChi hội nghị\t200.000 đồng\tMột ngày\n",
         "other"},
        {"TT\tNội dung\tCơ quan chủ trì\n1\tRà soát văn bản\tSở Tư pháp\n", "tasks"},
        {"TT\tNhiệm vụ\tThời gian hoàn thành\n1\tBan hành quy chế\tQuý I/2026\n", "tasks"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        vnp_document *doc = parse_table(cases[i].text);
        if (doc->table_count != 1 || strcmp(doc->tables[0].kind, cases[i].kind) != 0)
            fail_msg("case %zu: %zu tables, kind %s, expected %s", i, doc->table_count,
                     doc->table_count ? doc->tables[0].kind : "-", cases[i].kind);
        vnp_document_free(doc);
    }
}

/* A row the converter cut and ran into the next (wider than the header)
 * does not move the other rows' cells; a year alone is a time. */
static void test_cut_row_and_years(void **state)
{
    (void)state;
    vnp_document *doc = parse_table("|\n"
                                    "TT\n|\nNội dung\n|\nChủ trì\n|\nPhối hợp\n|\nThời gian\n|\n"
                                    "Sản phẩm\n|\n|\n"
                                    "1\n|\nCập nhật cơ sở dữ liệu\n|\nSở Tài chính\n|\nCác sở\n|\n"
                                    "2026\n|\n|\n|\n"
                                    "2\n|\nXây dựng bản đồ số\n|\nSở Xây dựng\n|\nCác xã\n|\n2027\n|\n"
                                    "Bản đồ số\n|\n…\n|\n3\n|\nĐào tạo\n|\nSở Nội vụ\n|\nCác sở\n|\n"
                                    "2028\n|\nLớp học\n|\n|\n"
                                    "4\n|\nSơ kết\n|\nSở Nội vụ\n|\nCác xã\n|\n2029\n|\n");
    const vnp_table *t = &doc->tables[0];
    const vnp_record *r = task_numbered(t, "1");
    assert_str(vnp_record_cell(r, VNP_CELL_DEADLINE), "2026");
    assert_null(vnp_record_cell(r, VNP_CELL_OUTPUT));
    r = task_numbered(t, "4");
    assert_str(vnp_record_cell(r, VNP_CELL_DEADLINE), "2029");
    assert_str(vnp_record_cell(r, VNP_CELL_SUPPORT), "Các xã");
    vnp_document_free(doc);
}

/* A column whose header words the lexicon does not know takes the lead
 * role from its cells when they are agencies; a column of places stays
 * other. */
static void test_agencies_under_an_unknown_header(void **state)
{
    (void)state;
    vnp_document *doc = parse_table("STT\tNội dung công việc\tPhân công nhiệm vụ\tĐịa bàn\tThời gian\n"
                                    "Bước 1\tTiếp nhận hồ sơ\tBộ phận một cửa\tXã Tân Lập\t0,5 ngày\n"
                                    "Bước 2\tThẩm tra hồ sơ\tCông an xã\tXã Tân Lập\t1 ngày\n"
                                    "Bước 3\tKý duyệt\tỦy ban nhân dân xã\tThôn Đông\t1 ngày\n");
    const vnp_table *t = &doc->tables[0];
    assert_role(t, 2, "lead");
    assert_role(t, 3, "other");
    assert_str(vnp_record_cell(task_numbered(t, "Bước 2"), VNP_CELL_LEAD), "Công an xã");
    vnp_document_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_header_phrases),
        cmocka_unit_test(test_data_rows_are_no_headers),
        cmocka_unit_test(test_no_number_column),
        cmocka_unit_test(test_header_shorter_than_rows),
        cmocka_unit_test(test_two_row_header_in_cell_blocks),
        cmocka_unit_test(test_rows_with_fewer_cells),
        cmocka_unit_test(test_sections_in_one_cell_and_nested),
        cmocka_unit_test(test_tables_under_headings),
        cmocka_unit_test(test_step_table_ends_at_other_numbering),
        cmocka_unit_test(test_header_run_into_the_row_before),
        cmocka_unit_test(test_empty_cells_in_cell_blocks),
        cmocka_unit_test(test_lone_pipe_before_a_row_of_its_own),
        cmocka_unit_test(test_values_after_an_empty_cell),
        cmocka_unit_test(test_break_fills_an_empty_column),
        cmocka_unit_test(test_capital_cell_in_an_empty_column_is_a_row),
        cmocka_unit_test(test_kind_by_column_roles),
        cmocka_unit_test(test_cut_row_and_years),
        cmocka_unit_test(test_agencies_under_an_unknown_header),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
