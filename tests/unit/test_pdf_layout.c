/* PDF layout stage: the words of pdftotext -tsv (written here by hand, as
 * a word processor's PDF gives them: a table of three columns, 13-point
 * lines 11.6 points apart, rows 17 points apart) made into paragraphs and
 * tab-separated table rows. */
#include "unit_helpers.h"

#include <stdio.h>

enum { LINE = 70 }; /* bytes of one TSV line, at most, before its text */

static const double COL_NUMBER = 73, COL_TASK = 140, COL_LEAD = 340;
static const double LINE_STEP = 11.6, ROW_GAP = 17;

static void tsv_begin(strbuf *b, size_t pages)
{
    sb_puts(b, "level\tpage_num\tpar_num\tblock_num\tline_num\tword_num\tleft\ttop\twidth\t"
               "height\tconf\ttext\n");
    for (size_t p = 1; p <= pages; p++) {
        char line[LINE + 16];
        snprintf(line, sizeof line, "1\t%zu\t0\t0\t0\t0\t0\t0\t595.3\t841.9\t-1\t###PAGE###\n", p);
        sb_puts(b, line);
    }
}

/* The words of text at (x, y) on page, 5.5 points a byte, 3 between. */
static void tsv_text(strbuf *b, size_t page, double x, double y, const char *text)
{
    for (const char *s = text; *s;) {
        size_t n = strcspn(s, " ");
        char line[LINE];
        snprintf(line, sizeof line, "5\t%zu\t0\t0\t0\t0\t%.2f\t%.2f\t%.2f\t13.00\t100\t", page, x,
                 y, 5.5 * (double)n);
        sb_puts(b, line);
        sb_append(b, s, n);
        sb_putc(b, '\n');
        x += 5.5 * (double)n + 3;
        s += n;
        while (*s == ' ')
            s++;
    }
}

/* The words of text at (x, y) in type of the given height (a byte 0.42
 * of it wide, a space 0.25): for lines in other type than the cells. */
static void tsv_sized(strbuf *b, size_t page, double x, double y, double height,
                      const char *text)
{
    for (const char *s = text; *s;) {
        size_t n = strcspn(s, " ");
        char line[LINE + 16];
        snprintf(line, sizeof line, "5\t%zu\t0\t0\t0\t0\t%.2f\t%.2f\t%.2f\t%.2f\t100\t", page,
                 x, y, 0.42 * height * (double)n, height);
        sb_puts(b, line);
        sb_append(b, s, n);
        sb_putc(b, '\n');
        x += 0.42 * height * (double)n + 0.25 * height;
        s += n;
        while (*s == ' ')
            s++;
    }
}

static void tsv_header(strbuf *b, size_t page, double y)
{
    tsv_text(b, page, COL_NUMBER, y, "STT");
    tsv_text(b, page, COL_TASK, y, "Nội dung");
    tsv_text(b, page, COL_LEAD, y, "Chủ trì");
}

/* The layout's text of tsv; the caller frees doc. */
static const char *layout_of(strbuf *tsv, vnp_document **doc)
{
    assert_false(tsv->failed);
    *doc = parse_text("x\n");
    pdf_text t;
    assert_int_equal(pdf_layout(*doc, tsv->data, tsv->len, &t), VNP_OK);
    sb_free(tsv);
    return t.text;
}

static void assert_has(const char *text, const char *part)
{
    if (!strstr(text, part))
        fail_msg("\"%s\" not in:\n%s", part, text);
}

static void assert_lacks(const char *text, const char *part)
{
    if (strstr(text, part))
        fail_msg("\"%s\" in:\n%s", part, text);
}

/* A cell wraps onto the lines below its row: they join it, and the number
 * column starts the next row. */
static void test_wrapped_cell(void **state)
{
    (void)state;
    strbuf b = {0};
    tsv_begin(&b, 1);
    double y = 200;
    tsv_header(&b, 1, y);
    y += ROW_GAP;
    tsv_text(&b, 1, COL_NUMBER, y, "1");
    tsv_text(&b, 1, COL_TASK, y, "Lập danh mục");
    tsv_text(&b, 1, COL_LEAD, y, "Phòng Kế hoạch");
    tsv_text(&b, 1, COL_TASK, y + LINE_STEP, "đề tài cấp");
    tsv_text(&b, 1, COL_LEAD, y + LINE_STEP, "Tài chính");
    tsv_text(&b, 1, COL_TASK, y + 2 * LINE_STEP, "cơ sở");
    y += 2 * LINE_STEP + ROW_GAP;
    tsv_text(&b, 1, COL_NUMBER, y, "2");
    tsv_text(&b, 1, COL_TASK, y, "Kiểm tra tiến độ");
    tsv_text(&b, 1, COL_LEAD, y, "Thanh tra");
    vnp_document *doc;
    const char *text = layout_of(&b, &doc);
    assert_has(text, "STT\tNội dung\tChủ trì\n");
    assert_has(text, "\n1\tLập danh mục đề tài cấp cơ sở\tPhòng Kế hoạch Tài chính\n");
    assert_has(text, "\n2\tKiểm tra tiến độ\tThanh tra\n");
    vnp_document_free(doc);
}

/* A row with nothing in its number column starts where the gap above it
 * is wider than a cell's lines; a first-column cell that wraps ("Nhóm /
 * nhiệm vụ") stays one cell, while a number under it starts a row even
 * a line apart. */
static void test_empty_first_column(void **state)
{
    (void)state;
    strbuf b = {0};
    tsv_begin(&b, 1);
    double y = 200;
    tsv_header(&b, 1, y);
    y += ROW_GAP;
    tsv_text(&b, 1, COL_NUMBER, y, "1");
    tsv_text(&b, 1, COL_TASK, y, "Rà soát quy trình");
    tsv_text(&b, 1, COL_LEAD, y, "Văn phòng");
    y += ROW_GAP;
    tsv_text(&b, 1, COL_TASK, y, "Cập nhật phần mềm");
    tsv_text(&b, 1, COL_LEAD, y, "Trung tâm");
    tsv_text(&b, 1, COL_TASK, y + LINE_STEP, "quản lý hồ sơ");
    y += LINE_STEP + ROW_GAP;
    tsv_text(&b, 1, COL_NUMBER, y, "Nhóm");
    tsv_text(&b, 1, COL_NUMBER, y + LINE_STEP, "nhiệm");
    tsv_text(&b, 1, COL_NUMBER, y + 2 * LINE_STEP, "vụ");
    tsv_text(&b, 1, COL_TASK, y, "Đào tạo");
    y += 3 * LINE_STEP;
    tsv_text(&b, 1, COL_NUMBER, y, "3");
    tsv_text(&b, 1, COL_TASK, y, "Tập huấn cán bộ");
    tsv_text(&b, 1, COL_LEAD, y, "Sở Nội vụ");
    vnp_document *doc;
    const char *text = layout_of(&b, &doc);
    assert_has(text, "\n1\tRà soát quy trình\tVăn phòng\n");
    assert_has(text, "\n\tCập nhật phần mềm quản lý hồ sơ\tTrung tâm\n");
    assert_has(text, "\nNhóm nhiệm vụ\tĐào tạo\t\n");
    assert_has(text, "\n3\tTập huấn cán bộ\tSở Nội vụ\n");
    vnp_document_free(doc);
}

/* Page 1 ends inside row 2, whose task cell runs to the page's foot; page
 * 2 repeats the header at the top (at one height on both pages, as a
 * running header stands, but adjoining the rows) and goes on with the
 * rest of that cell: the rest joins row 2 and the header stays after it.
 * Page 2's next row has text in the lead column, which row 3 on page 1
 * had finished: a row of its own. */
static void test_header_repeated_on_new_page(void **state)
{
    (void)state;
    strbuf b = {0};
    tsv_begin(&b, 3);
    const double top = 70;
    for (size_t page = 1; page <= 3; page++)
        tsv_text(&b, page, 250, 40, "Số: 12/KH-UBND");
    tsv_header(&b, 1, top);
    double y = top + ROW_GAP;
    tsv_text(&b, 1, COL_NUMBER, y, "1");
    tsv_text(&b, 1, COL_TASK, y, "Ban hành kế hoạch");
    tsv_text(&b, 1, COL_LEAD, y, "Văn phòng");
    y = 740;
    tsv_text(&b, 1, COL_NUMBER, y, "2");
    tsv_text(&b, 1, COL_TASK, y, "Công khai thủ tục trên");
    tsv_text(&b, 1, COL_LEAD, y, "Văn phòng");
    tsv_text(&b, 1, COL_TASK, y + LINE_STEP, "cổng thông tin và");
    tsv_header(&b, 2, top);
    y = top + ROW_GAP;
    tsv_text(&b, 2, COL_TASK, y, "Cổng dịch vụ công");
    y = 740;
    tsv_text(&b, 2, COL_NUMBER, y, "3");
    tsv_text(&b, 2, COL_TASK, y, "Số hóa hồ sơ");
    tsv_text(&b, 2, COL_LEAD, y, "Trung tâm");
    tsv_text(&b, 2, COL_TASK, y + LINE_STEP, "tiếp nhận theo quy định");
    tsv_header(&b, 3, top);
    y = top + ROW_GAP;
    tsv_text(&b, 3, COL_TASK, y, "Lưu trữ điện tử");
    tsv_text(&b, 3, COL_LEAD, y, "Văn thư");
    vnp_document *doc;
    const char *text = layout_of(&b, &doc);
    assert_has(text, "\n2\tCông khai thủ tục trên cổng thông tin và Cổng dịch vụ công\tVăn "
                     "phòng\nSTT\tNội dung\tChủ trì\n3\t");
    assert_has(text, "\n\tLưu trữ điện tử\tVăn thư\n");
    assert_lacks(text, "KH-UBND"); /* the running header goes */
    vnp_document_free(doc);
}

/* A page break inside a symbol ("số 15/2026/NĐ-" at the foot of page 1,
 * "CP ngày 02/3/2026" under the header page 2 repeats): the rest joins
 * its row with no space after the hyphen, as a line broken there does. */
static void test_symbol_across_pages(void **state)
{
    (void)state;
    strbuf b = {0};
    tsv_begin(&b, 2);
    const double top = 70;
    tsv_header(&b, 1, top);
    tsv_text(&b, 1, COL_NUMBER, top + ROW_GAP, "1");
    tsv_text(&b, 1, COL_TASK, top + ROW_GAP, "Lập kế hoạch");
    tsv_text(&b, 1, COL_LEAD, top + ROW_GAP, "Văn phòng");
    double y = 740;
    tsv_text(&b, 1, COL_NUMBER, y, "2");
    tsv_text(&b, 1, COL_TASK, y, "Triển khai Nghị định");
    tsv_text(&b, 1, COL_LEAD, y, "Sở Tư pháp");
    tsv_text(&b, 1, COL_TASK, y + LINE_STEP, "số 15/2026/NĐ-");
    tsv_header(&b, 2, top);
    tsv_text(&b, 2, COL_TASK, top + ROW_GAP, "CP ngày 02/3/2026");
    tsv_text(&b, 2, COL_NUMBER, top + 2 * ROW_GAP, "3");
    tsv_text(&b, 2, COL_TASK, top + 2 * ROW_GAP, "Báo cáo kết quả");
    tsv_text(&b, 2, COL_LEAD, top + 2 * ROW_GAP, "Văn phòng");
    vnp_document *doc;
    const char *text = layout_of(&b, &doc);
    assert_has(text, "\n2\tTriển khai Nghị định số 15/2026/NĐ-CP ngày 02/3/2026\tSở Tư pháp\n");
    vnp_document_free(doc);
}

/* Two tables of one layout, a title in the body's larger type between
 * them ("Phụ lục 2"): each table ends before the title, whose words
 * reach across the first two columns without joining them. The header
 * "TT" stands centred over numbers that stand left (one column); the
 * last column ("Ghi chú") is empty under its header, far from the
 * figures: a column of its own. */
static void test_tables_apart(void **state)
{
    (void)state;
    strbuf b = {0};
    tsv_begin(&b, 1);
    double y = 100;
    for (int t = 0; t < 2; t++) {
        tsv_sized(&b, 1, 70, y, 15.6, t ? "Phụ lục 2 Danh mục chỉ tiêu thống kê" : "Phụ lục 1");
        y += 20;
        tsv_text(&b, 1, 92, y, "TT");
        tsv_text(&b, 1, 140, y, "Chỉ tiêu");
        tsv_text(&b, 1, 380, y, "Số liệu");
        tsv_text(&b, 1, 490, y, "Ghi chú");
        for (int row = 1; row <= 2; row++) {
            y += ROW_GAP;
            char number[8];
            snprintf(number, sizeof number, "%d.", row);
            tsv_text(&b, 1, 73, y, number);
            tsv_text(&b, 1, 140, y, row == 1 ? "Số hồ sơ tiếp nhận" : "Số hồ sơ trả đúng hạn");
            tsv_text(&b, 1, 380, y, row == 1 ? "120" : "118");
        }
        y += 40;
    }
    vnp_document *doc;
    const char *text = layout_of(&b, &doc);
    assert_has(text, "\nTT\tChỉ tiêu\tSố liệu\tGhi chú\n1.\tSố hồ sơ tiếp nhận\t120\t\n");
    assert_has(text, "\n\nPhụ lục 2 Danh mục chỉ tiêu thống kê\n\n");
    assert_has(text, "\n2.\tSố hồ sơ trả đúng hạn\t118\t\n");
    assert_lacks(text, "Phụ lục 2\t");
    vnp_document_free(doc);
}

/* A number set small and raised right after a word is a footnote marker;
 * the lines in smaller type at the page's foot, from the one that opens
 * with that number, are the footnote (two lines of it), written after the
 * paragraph it interrupts, which goes on on page 2. A small line at the
 * foot of page 2 that opens with a number no line cited stays text. */
static void test_footnotes(void **state)
{
    (void)state;
    strbuf b = {0};
    tsv_begin(&b, 2);
    tsv_sized(&b, 1, 70, 600, 15.6, "Sở Tư pháp đã ban hành hướng dẫn");
    double x = 70 + 0.42 * 15.6 * 40; /* past the line's words */
    char line[LINE + 16];
    snprintf(line, sizeof line, "5\t1\t0\t0\t0\t0\t%.2f\t600.05\t3.50\t9.10\t100\t2\n", x);
    sb_puts(&b, line);
    tsv_sized(&b, 1, 70, 613.8, 15.6, "về việc rà soát văn bản và các");
    tsv_sized(&b, 1, 70, 740, 11.7, "2");
    tsv_sized(&b, 1, 88, 740, 11.7, "Văn bản số 17/STP-VP ngày 02/3/2026 của");
    tsv_sized(&b, 1, 88, 750.4, 11.7, "Sở Tư pháp về rà soát văn bản.");
    tsv_sized(&b, 2, 70, 100, 15.6, "quy định về kiểm soát thủ tục.");
    tsv_sized(&b, 2, 70, 117.2, 15.6, "Văn phòng Sở tổng hợp kết quả rà");
    tsv_sized(&b, 2, 70, 131, 15.6, "soát và báo cáo.");
    tsv_sized(&b, 2, 70, 740, 11.7, "3 bản sao gửi các phòng");
    vnp_document *doc;
    const char *text = layout_of(&b, &doc);
    assert_has(text, "dẫn<sup>2</sup> về việc rà soát văn bản và các quy định về kiểm soát "
                     "thủ tục.\n\n<sup>2</sup> Văn bản số 17/STP-VP ngày 02/3/2026 của Sở Tư "
                     "pháp về rà soát văn bản.\n\n");
    assert_has(text, "\n\n3 bản sao gửi các phòng");
    assert_lacks(text, "<sup>3</sup>");
    vnp_document_free(doc);
}

/* In a narrow column a symbol longer than the cell is cut where the cell
 * is full ("46/2024/NĐ-CP/UBND-V" over "P;"): the two join. A symbol that
 * fills its line before a lower-case word ("ngày") broke at a space, and
 * so did a word without digits ("quyết/Quyết" over "định"). */
static void test_cut_symbol(void **state)
{
    (void)state;
    strbuf b = {0};
    tsv_begin(&b, 1);
    double y = 200;
    tsv_header(&b, 1, y);
    const char *cells[3][3] = {{"Ban", "46/2024/NĐ-CP/UBND-V", "P;"},
                               {"Ban", "12/2026/QĐ-UBND-VPX", "ngày 5/3"},
                               {"Ban", "quyết/Quyết", "định"}};
    for (int row = 0; row < 3; row++) {
        y += ROW_GAP;
        char number[4];
        snprintf(number, sizeof number, "%d", row + 1);
        tsv_text(&b, 1, COL_NUMBER, y, number);
        tsv_text(&b, 1, COL_LEAD, y, "Văn phòng");
        for (int k = 0; k < 3; k++)
            tsv_text(&b, 1, COL_TASK, y + k * LINE_STEP, cells[row][k]);
        y += 2 * LINE_STEP;
    }
    vnp_document *doc;
    const char *text = layout_of(&b, &doc);
    assert_has(text, "\n1\tBan 46/2024/NĐ-CP/UBND-VP;\tVăn phòng\n");
    assert_has(text, "\n2\tBan 12/2026/QĐ-UBND-VPX ngày 5/3\tVăn phòng\n");
    assert_has(text, "\n3\tBan quyết/Quyết định\tVăn phòng\n");
    vnp_document_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wrapped_cell),
        cmocka_unit_test(test_empty_first_column),
        cmocka_unit_test(test_header_repeated_on_new_page),
        cmocka_unit_test(test_symbol_across_pages),
        cmocka_unit_test(test_tables_apart),
        cmocka_unit_test(test_footnotes),
        cmocka_unit_test(test_cut_symbol),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
