/* Layout stage: lines become paragraphs (joined across page breaks and hard
 * wraps) and table rows (tab-separated lines and blocks of "|" cells). */
#include "unit_helpers.h"

static void assert_para(const vnp_document *doc, size_t i, size_t line, size_t end_line,
                        const char *text)
{
    const para *p = para_at(doc, i);
    assert_int_equal(p->kind, PARA_TEXT);
    assert_int_equal(p->line, line);
    assert_int_equal(p->end_line, end_line);
    assert_str(p->text, text);
    assert_int_equal(p->len, strlen(text));
}

static void assert_cell(const para *p, size_t c, size_t line, const char *text)
{
    assert_true(c < p->cell_count);
    assert_str(p->cells[c], text);
    assert_int_equal(para_cell_line(p, c), line);
}

/* One-paragraph-per-line layout: a page break leaves a blank line in the
 * middle of a sentence, and the text goes on in lower case. */
static void test_page_break_joined(void **state)
{
    (void)state;
    vnp_document *doc = parse_text(
        "Sở Khoa học và Công nghệ tổ chức triển khai thực hiện các nhiệm vụ trọng tâm của\n"
        "\n"
        "năm 2026 theo kế hoạch.\n");
    assert_int_equal(doc->internal->products.paragraphs.count, 1);
    assert_para(doc, 0, 1, 3,
                "Sở Khoa học và Công nghệ tổ chức triển khai thực hiện các nhiệm vụ "
                "trọng tâm của năm 2026 theo kế hoạch.");
    vnp_document_free(doc);
}

/* A long line cut mid-sentence also joins a next page that opens with a
 * capital (a proper name). */
static void test_page_break_before_capital(void **state)
{
    (void)state;
    vnp_document *doc = parse_text(
        "Phối hợp chặt chẽ với các cơ quan, đơn vị có liên quan và với Sở\n"
        "\n"
        "Khoa học và Công nghệ để thực hiện.\n");
    assert_int_equal(doc->internal->products.paragraphs.count, 1);
    assert_int_equal(para_at(doc, 0)->end_line, 3);
    vnp_document_free(doc);
}

/* A blank line after a finished sentence separates paragraphs. */
static void test_blank_line_after_sentence(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("Câu thứ nhất đã xong.\n\nCâu thứ hai bắt đầu.\n");
    assert_int_equal(doc->internal->products.paragraphs.count, 2);
    assert_para(doc, 0, 1, 1, "Câu thứ nhất đã xong.");
    assert_para(doc, 1, 3, 3, "Câu thứ hai bắt đầu.");
    vnp_document_free(doc);
}

/* Hard-wrapped layout: no blank lines, lines cut at about 80 columns. */
static void test_hard_wrap_joined(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("Đoạn thứ nhất được viết\n"
                                   "trên hai dòng.\n"
                                   "Sở Khoa học và\n"
                                   "Công nghệ ban hành kế hoạch.\n"
                                   "Câu mới bắt đầu.\n");
    assert_int_equal(doc->internal->products.paragraphs.count, 3);
    assert_para(doc, 0, 1, 2, "Đoạn thứ nhất được viết trên hai dòng.");
    assert_para(doc, 1, 3, 4, "Sở Khoa học và Công nghệ ban hành kế hoạch.");
    assert_para(doc, 2, 5, 5, "Câu mới bắt đầu.");
    vnp_document_free(doc);
}

/* "... Tờ trình số:" at a line end waits for its number on the next line;
 * a colon after another "số" ("kinh tế số:") still opens a list. */
static void test_number_label_at_line_end(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("Xét đề nghị của Sở Xây dựng tại Công văn số:\n"
                                   "77/SXD-QLN ngày 5/5/2025.\n"
                                   "Phát triển hạ tầng kinh tế số:\n"
                                   "Mạng truyền số liệu chuyên dùng.\n");
    assert_int_equal(doc->internal->products.paragraphs.count, 3);
    assert_para(doc, 0, 1, 2, "Xét đề nghị của Sở Xây dựng tại Công văn số: 77/SXD-QLN ngày 5/5/2025.");
    assert_para(doc, 1, 3, 3, "Phát triển hạ tầng kinh tế số:");
    vnp_document_free(doc);
}

/* Each joined line is recorded, so a text offset maps back to its line. */
static void test_pieces_map_offsets_to_lines(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("một hai\nba bốn\nnăm.\n");
    const para *p = para_at(doc, 0);
    assert_str(p->text, "một hai ba bốn năm.");
    assert_int_equal(p->piece_count, 3);
    size_t second = strlen("một hai "), third = strlen("một hai ba bốn ");
    assert_int_equal(p->pieces[1].offset, second);
    assert_int_equal(p->pieces[2].offset, third);
    size_t column = 0;
    assert_int_equal(para_line_at(p, 0, NULL), 1);
    assert_int_equal(para_line_at(p, second - 1, NULL), 1);
    assert_int_equal(para_line_at(p, second, &column), 2);
    assert_int_equal(column, 1);
    assert_int_equal(para_line_at(p, second + 3, &column), 2); /* "bốn" */
    assert_int_equal(column, 4);
    assert_int_equal(para_line_at(p, third + 1, &column), 3); /* "ăm." */
    assert_int_equal(column, 2);
    vnp_document_free(doc);
}

static void test_bullets_start_paragraphs(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("Các nhiệm vụ gồm\n"
                                   "- rà soát văn bản;\n"
                                   "- kiểm tra việc\n"
                                   "thực hiện;\n"
                                   "+ báo cáo kết quả.\n");
    assert_int_equal(doc->internal->products.paragraphs.count, 4);
    assert_para(doc, 0, 1, 1, "Các nhiệm vụ gồm");
    assert_para(doc, 1, 2, 2, "- rà soát văn bản;");
    assert_para(doc, 2, 3, 4, "- kiểm tra việc thực hiện;"); /* a bullet wraps too */
    assert_para(doc, 3, 5, 5, "+ báo cáo kết quả.");
    vnp_document_free(doc);
}

/* A footnote printed at the page break does not cut the paragraph. */
static void test_footnote_inside_paragraph(void **state)
{
    (void)state;
    vnp_document *doc = parse_text(
        "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98%<sup>2</sup> so với cùng kỳ năm trước và\n"
        "\n"
        "<sup>2</sup> Số liệu đến ngày 15/12/2025.\n"
        "\n"
        "tăng 3% so với kế hoạch.\n");
    struct vnp_internal *in = doc->internal;
    assert_int_equal(in->products.paragraphs.count, 1);
    assert_para(doc, 0, 1, 5,
                "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98% so với cùng kỳ năm trước và "
                "tăng 3% so với kế hoạch.");
    assert_str(para_at(doc, 0)->markers, "2");
    assert_int_equal(in->products.paragraphs.footnote_count, 1);
    assert_int_equal(in->products.paragraphs.footnotes[0].kind, PARA_FOOTNOTE);
    assert_int_equal(in->products.paragraphs.footnotes[0].line, 3);
    assert_str(in->products.paragraphs.footnotes[0].footnote_marker, "2");
    assert_str(in->products.paragraphs.footnotes[0].text, "Số liệu đến ngày 15/12/2025.");
    vnp_document_free(doc);
}

/* A legal basis never continues the title line above it, even hard-wrapped. */
static void test_basis_after_title(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("KẾ HOẠCH\n"
                                   "Cải cách hành chính năm 2026\n"
                                   "Căn cứ Luật Tổ chức chính quyền địa phương;\n"
                                   "Nơi nhận:\n");
    struct vnp_internal *in = doc->internal;
    assert_int_equal(in->products.paragraphs.count, 3);
    assert_para(doc, 1, 3, 3, "Căn cứ Luật Tổ chức chính quyền địa phương;");
    assert_para(doc, 2, 4, 4, "Nơi nhận:");
    vnp_document_free(doc);
}

static void test_markdown_heading_stands_alone(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("Đoạn trước chưa hết\n## 2. Nhiệm vụ\ntiếp theo là đoạn mới\n");
    assert_int_equal(doc->internal->products.paragraphs.count, 3);
    assert_para(doc, 1, 2, 2, "2. Nhiệm vụ");
    assert_int_equal(para_at(doc, 1)->hashes, 2);
    vnp_document_free(doc);
}

static void test_bold_heading_over_two_lines(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("**I. MỤC\nĐÍCH, YÊU CẦU**\n\nNội dung.\n");
    assert_int_equal(doc->internal->products.paragraphs.count, 2);
    assert_para(doc, 0, 1, 2, "I. MỤC ĐÍCH, YÊU CẦU");
    assert_true(para_at(doc, 0)->bold);
    assert_false(para_at(doc, 1)->bold);
    vnp_document_free(doc);
}

/* Once wrong: a lettered item "a)" / "b)" opens with a lower-case letter,
 * so it is taken for the continuation of the paragraph before it, across a
 * blank line too. Seen in corpus seed 000, line 158 ("b) Đối với các đơn
 * vị ..."), which tests/expected lists as a heading. */
static void test_letter_items_start_paragraphs(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("2. Yêu cầu\n\na) Bảo đảm tiến độ\n\nb) Bảo đảm chất lượng\n"
                                   "- Nội dung một.\n\n*c) Kinh phí*\n");
    assert_int_equal(doc->internal->products.paragraphs.count, 5);
    assert_para(doc, 1, 3, 3, "a) Bảo đảm tiến độ");
    assert_para(doc, 2, 5, 5, "b) Bảo đảm chất lượng");
    assert_para(doc, 4, 8, 8, "c) Kinh phí");
    vnp_document_free(doc);
}

static void test_tab_rows(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("Bảng:\n\nTT\tNội dung\tThời gian\n\t\tQuý I\n1\tRà  soát\t\n\n"
                                   "Sau bảng.\n");
    struct vnp_internal *in = doc->internal;
    assert_int_equal(in->products.paragraphs.count, 5);
    const para *head = para_at(doc, 1), *sub = para_at(doc, 2), *row = para_at(doc, 3);
    assert_int_equal(head->kind, PARA_ROW);
    assert_int_equal(head->cell_count, 3);
    assert_cell(head, 0, 3, "TT");
    assert_cell(head, 1, 3, "Nội dung");
    assert_cell(head, 2, 3, "Thời gian");
    assert_int_equal(sub->cell_count, 3); /* leading empty cells are kept */
    assert_cell(sub, 0, 4, "");
    assert_cell(sub, 1, 4, "");
    assert_cell(sub, 2, 4, "Quý I");
    assert_int_equal(row->cell_count, 3); /* and a trailing one */
    assert_cell(row, 1, 5, "Rà soát");
    assert_cell(row, 2, 5, "");
    /* a tab-separated line's cells are all on its line: it keeps no lines
     * of its own for them */
    assert_null(head->cell_lines);
    assert_null(row->cell_lines);
    assert_para(doc, 4, 7, 7, "Sau bảng.");
    vnp_document_free(doc);
}

/* Cell blocks: each cell's lines end with "|", a second "|" ends the row,
 * the last row ends with one "|". */
static void test_cell_blocks(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("Đoạn mở đầu.\n"
                                   "|\n"
                                   "TT\n|\nNội dung công\nviệc\n|\n|\n"
                                   "1\n|\nRà soát văn bản\n|\n|\n"
                                   "2\n|\nKiểm tra\n|\n");
    struct vnp_internal *in = doc->internal;
    assert_int_equal(in->products.paragraphs.count, 4);
    const para *r0 = para_at(doc, 1), *r1 = para_at(doc, 2), *r2 = para_at(doc, 3);
    assert_int_equal(r0->kind, PARA_ROW);
    assert_int_equal(r0->cell_count, 2);
    assert_cell(r0, 0, 3, "TT");
    assert_cell(r0, 1, 5, "Nội dung công việc"); /* multi-line cell joined by a space */
    assert_int_equal(r0->line, 3);
    assert_int_equal(r0->end_line, 8);
    assert_str(r0->text, ""); /* a block's row is read by its cells */
    assert_int_equal(r1->cell_count, 2);
    assert_cell(r1, 0, 9, "1");
    assert_cell(r1, 1, 11, "Rà soát văn bản");
    assert_int_equal(r2->cell_count, 2);
    assert_cell(r2, 1, 16, "Kiểm tra");
    assert_int_equal(r2->end_line, 17);
    assert_non_null(r2->cell_lines); /* the cells of a block start on lines of their own */
    vnp_document_free(doc);
}

/* A cell of several lines is their text joined by single spaces; a line
 * that holds a tab (a converter's stray cell border) has it folded into a
 * space, and the row's text is its cells joined by tabs. */
static void test_cell_block_lines_folded(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("|\n"
                                   "Phòng Kinh tế\nhạ tầng\nvà đô thị\n|\n"
                                   "Ban quản lý\tdự án\nhuyện\n|\n|\n"
                                   "Văn phòng\n|\nQuý IV\n|\n");
    struct vnp_internal *in = doc->internal;
    assert_int_equal(in->products.paragraphs.count, 2);
    const para *r0 = para_at(doc, 0), *r1 = para_at(doc, 1);
    assert_int_equal(r0->cell_count, 2);
    assert_cell(r0, 0, 2, "Phòng Kinh tế hạ tầng và đô thị");
    assert_cell(r0, 1, 6, "Ban quản lý dự án huyện");
    assert_str(r0->text, "");
    assert_int_equal(r0->len, 0);
    assert_int_equal(r1->cell_count, 2);
    assert_cell(r1, 0, 10, "Văn phòng");
    vnp_document_free(doc);
}

/* After the last row, body text that opens a new block ends the table. */
static void test_cell_block_ends_at_body_text(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("|\nA\n|\nB\n|\n|\n\nCăn cứ Luật Tổ chức chính quyền;\n");
    struct vnp_internal *in = doc->internal;
    assert_int_equal(in->products.paragraphs.count, 2);
    assert_int_equal(para_at(doc, 0)->kind, PARA_ROW);
    assert_int_equal(para_at(doc, 0)->cell_count, 2);
    assert_para(doc, 1, 8, 8, "Căn cứ Luật Tổ chức chính quyền;");
    vnp_document_free(doc);
}

/* A tab-separated row's cells are its line's own bytes, not a copy: each
 * cell starts where it stood in the line, its tab now its end, and the
 * last one ends at the line's end. */
static void test_tab_row_cells_in_line(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("STT\tNội dung\tĐơn vị\n1\tRà  soát\t\n");
    const src_line *ln = line_at(doc, 2);
    const para *row = para_at(doc, 1);
    assert_int_equal(row->kind, PARA_ROW);
    assert_int_equal(row->cell_count, 3);
    assert_ptr_equal(row->text, ln->text);
    assert_ptr_equal(row->cells[0], ln->text);
    assert_ptr_equal(row->cells[1], ln->text + 2);
    assert_ptr_equal(row->cells[2], row->cells[1] + strlen(row->cells[1]) + 1);
    assert_ptr_equal(row->cells[2], ln->text + ln->len); /* empty, at the line's NUL */
    assert_str(row->cells[1], "Rà soát");
    assert_str(row->cells[2], "");
    assert_ptr_equal(para_at(doc, 0)->cells[2], line_at(doc, 1)->text + strlen("STT\tNội dung\t"));
    vnp_document_free(doc);
}

/* A tab-separated row's cells are each folded: spaces around a tab and
 * runs of spaces inside a cell go, a folded cell stays as it is, and the
 * row's text is the line. */
static void test_tab_row_cells_folded(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("STT\tNội dung\tĐơn vị\n"
                                   "1 \t Rà soát  quy hoạch   vùng tỉnh \tSở Xây dựng\n");
    assert_int_equal(doc->internal->products.paragraphs.count, 2);
    const para *row = para_at(doc, 1);
    assert_int_equal(row->kind, PARA_ROW);
    assert_int_equal(row->cell_count, 3);
    assert_cell(row, 0, 2, "1");
    assert_cell(row, 1, 2, "Rà soát quy hoạch vùng tỉnh");
    assert_cell(row, 2, 2, "Sở Xây dựng");
    assert_cell(para_at(doc, 0), 1, 1, "Nội dung");
    vnp_document_free(doc);
    /* two spaces, or a space by a tab, at every offset of a long row (the
     * row is tested eight bytes at a time) */
    const char *cells = "Kế hoạch\tSở Tài chính\tnăm 2026\tQuý IV";
    const char *want[] = {"Kế hoạch", "Sở Tài chính", "năm 2026", "Quý IV"};
    for (size_t at = 1; at + 1 < strlen(cells); at++) {
        if (((unsigned char)cells[at] & 0xC0) == 0x80)
            continue; /* not inside a letter */
        for (int kind = 0; kind < 2; kind++) {
            char line[128];
            snprintf(line, sizeof line, "STT\tA\tB\tC\n%.*s%s%s\n", (int)at, cells,
                     kind ? " " : "  ", cells + at);
            doc = parse_text(line);
            const para *r = para_at(doc, 1);
            assert_int_equal(r->cell_count, 4);
            for (size_t c = 0; c < 4; c++) {
                const char *got = r->cells[c];
                /* the extra space splits a word, or is folded away */
                assert_true(strcmp(got, want[c]) == 0 || strlen(got) == strlen(want[c]) + 1);
                assert_null(strstr(got, "  "));
                assert_true(got[0] != ' ' && (!got[0] || got[strlen(got) - 1] != ' '));
            }
            vnp_document_free(doc);
        }
    }
}

/* A cell that opens like a block of its own ("Thực hiện", "Căn cứ") is a
 * cell when a "|" closes it within three lines, and the body text after
 * the table when only a later "|" would; a cell that opens with any other
 * word may run longer. */
static void test_block_opener_cell_window(void **state)
{
    (void)state;
    /* closed at once: a header cell of the row */
    vnp_document *doc = parse_text("|\nSTT\n|\nThực hiện theo\nkế hoạch\n|\n|\n");
    assert_int_equal(doc->internal->products.paragraphs.count, 1);
    assert_int_equal(para_at(doc, 0)->cell_count, 2);
    assert_cell(para_at(doc, 0), 1, 4, "Thực hiện theo kế hoạch");
    vnp_document_free(doc);
    /* a "|" five lines on: the table ended after the first row */
    doc = parse_text("|\nSTT\n|\nNội dung\n|\n|\n"
                     "Căn cứ kết quả rà soát\nnăm trước, các sở\nxây dựng dự toán\n"
                     "và gửi về Sở Tài chính\ntrước ngày 15.\n|\n");
    const para *row = para_at(doc, 0);
    assert_int_equal(row->kind, PARA_ROW);
    assert_int_equal(row->cell_count, 2);
    assert_int_equal(row->end_line, 6);
    assert_int_equal(para_at(doc, 1)->kind, PARA_TEXT);
    assert_int_equal(para_at(doc, 1)->line, 7);
    vnp_document_free(doc);
    /* the same lines opening with a plain word are one more cell */
    doc = parse_text("|\nSTT\n|\nNội dung\n|\n|\n"
                     "Kết quả rà soát\nnăm trước, các sở\nxây dựng dự toán\n"
                     "và gửi về Sở Tài chính\ntrước ngày 15.\n|\n");
    assert_int_equal(doc->internal->products.paragraphs.count, 2);
    assert_int_equal(para_at(doc, 1)->kind, PARA_ROW);
    assert_cell(para_at(doc, 1), 0, 7,
                "Kết quả rà soát năm trước, các sở xây dựng dự toán và gửi về Sở Tài "
                "chính trước ngày 15.");
    vnp_document_free(doc);
}

/* A cell's text is folded wherever two spaces stand in its lines: at
 * every offset of a long line (the folding test reads eight bytes at a
 * time), and next to letters of several bytes. */
static void test_cell_spaces_at_every_offset(void **state)
{
    (void)state;
    const char *words = "abcdefghijklmnopqrstuvwxyzĐường";
    size_t n = strlen(words);
    for (size_t at = 1; at + 1 < n; at++) {
        if (((unsigned char)words[at] & 0xC0) == 0x80)
            continue; /* not inside a letter */
        char line[96], want[96];
        snprintf(line, sizeof line, "%.*s  %s", (int)at, words, words + at);
        snprintf(want, sizeof want, "%.*s %s", (int)at, words, words + at);
        char text[256];
        snprintf(text, sizeof text, "|\nA\n|\n%s\n|\n|\n", line);
        vnp_document *doc = parse_text(text);
        assert_int_equal(doc->internal->products.paragraphs.count, 1);
        assert_cell(para_at(doc, 0), 1, 4, want);
        vnp_document_free(doc);
    }
}

/* The cells of a text, folded, joined with "|" into out. */
static void cells_of(const char *text, char *out, size_t cap)
{
    vnp_document *doc = parse_text(text);
    size_t at = 0;
    out[0] = '\0';
    for (size_t p = 0; p < doc->internal->products.paragraphs.count; p++) {
        const para *r = para_at(doc, p);
        for (size_t c = 0; r->kind == PARA_ROW && c < r->cell_count; c++)
            at += (size_t)snprintf(out + at, cap - at, "%s|", r->cells[c]);
    }
    vnp_document_free(doc);
}

/* The folding test gives the same cells sixteen bytes at a time (SSE2)
 * as eight at a time: two spaces, or a tab, at every offset of cells of
 * every length from one block to several, the last block overlapping. */
static void test_cell_folding_simd_same_as_words(void **state)
{
    (void)state;
    const char *words = "Sở Tài chính chủ trì phối hợp các cơ quan đơn vị liên quan";
    size_t n = strlen(words);
    for (size_t len = 14; len <= n; len++)
        for (size_t at = 1; at + 1 < len; at++) {
            if (((unsigned char)words[len] & 0xC0) == 0x80 || words[len - 1] == ' ')
                break; /* a cell ends at a letter's end, never in a space */
            if (((unsigned char)words[at] & 0xC0) == 0x80)
                continue; /* not inside a letter */
            for (int kind = 0; kind < 3; kind++) {
                static const char *gap[] = {"  ", "\t", " "};
                char line[160], text[400], fast[512], plain[512];
                snprintf(line, sizeof line, "%.*s%s%.*s", (int)at, words, gap[kind],
                         (int)(len - at), words + at);
                snprintf(text, sizeof text, "|\nA\n|\n%s\n|\n|\nSTT\tB\n1\t%s\n", line, line);
                layout_uses_simd = true;
                cells_of(text, fast, sizeof fast);
                layout_uses_simd = false;
                cells_of(text, plain, sizeof plain);
                layout_uses_simd = true;
                if (strcmp(fast, plain) != 0)
                    fail_msg("'%s': cells '%s' and '%s'", line, fast, plain);
                assert_null(strstr(fast, "  "));
            }
        }
}

/* The layout stage tells a line that opens with an ASCII letter or digit
 * lower or not by that byte alone: is_vn_lower_start agrees, whatever
 * follows it. */
static void test_ascii_opening_case(void **state)
{
    (void)state;
    const char *rest[] = {"", "ác", "\xcc\x81 x", "Ủy", " đ", "1"};
    for (int c = 0; c < 128; c++) {
        bool lower = c >= 'a' && c <= 'z';
        if (!lower && !(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9'))
            continue;
        for (size_t k = 0; k < sizeof rest / sizeof *rest; k++) {
            char line[16];
            int n = snprintf(line, sizeof line, "%c%s", c, rest[k]);
            if (is_vn_lower_start(line, (size_t)n) != lower)
                fail_msg("'%s': lower start %d", line, !lower);
        }
    }
}

/* Words that only begin like a named part ("Chương trình", "Phần mềm",
 * "Điều kiện", "Mục tiêu") at the start of a wrapped line go on with the
 * sentence: they are no numbering token (numbering.c). */
static void test_part_words_continue_sentence(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("b) Rà soát việc triển khai\n"
                                   "Chương trình chuyển đổi số của các xã;\n"
                                   "c) Vận hành ổn định\n"
                                   "Phần mềm quản lý văn bản tại các phòng;\n"
                                   "d) Đánh giá các\n"
                                   "Điều kiện bảo đảm an toàn thông tin;\n"
                                   "đ) Cụ thể hoá các\n"
                                   "Mục tiêu của kế hoạch.\n");
    assert_int_equal(doc->internal->products.paragraphs.count, 4);
    assert_para(doc, 0, 1, 2, "b) Rà soát việc triển khai Chương trình chuyển đổi số của các xã;");
    assert_para(doc, 1, 3, 4, "c) Vận hành ổn định Phần mềm quản lý văn bản tại các phòng;");
    assert_para(doc, 2, 5, 6, "d) Đánh giá các Điều kiện bảo đảm an toàn thông tin;");
    assert_para(doc, 3, 7, 8, "đ) Cụ thể hoá các Mục tiêu của kế hoạch.");
    vnp_document_free(doc);
}

/* A named part with its number opens a paragraph, and a bold one keeps
 * its title from the next line even when the title opens with a word such
 * as "Điều khoản" ("**Điều 4." then "Điều khoản thi hành**"); a bare number at
 * the start of a line ("12.", "2030).") is the end of a wrapped sentence. */
static void test_numbers_that_open_paragraphs(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("Các cơ quan thực hiện như quy định.\n"
                                   "**Điều 4.\n"
                                   "Điều khoản thi hành**\n"
                                   "Sửa đổi khoản 3 Điều\n"
                                   "12.\n"
                                   "Hoàn thành các chỉ tiêu (giai đoạn 2026 -\n"
                                   "2030).\n");
    assert_int_equal(doc->internal->products.paragraphs.count, 4);
    assert_para(doc, 1, 2, 3, "Điều 4. Điều khoản thi hành");
    assert_para(doc, 2, 4, 5, "Sửa đổi khoản 3 Điều 12.");
    assert_para(doc, 3, 6, 7, "Hoàn thành các chỉ tiêu (giai đoạn 2026 - 2030).");
    vnp_document_free(doc);
}

/* A numbered line alone before a blank line ended there: the line after
 * the blank, in capitals or sentence case, opens a paragraph, however
 * long the numbered line is. An unnumbered line cut mid-sentence still
 * joins the next page (test_page_break_before_capital). */
static void test_numbered_line_before_blank(void **state)
{
    (void)state;
    vnp_document *doc = parse_text("g) Yêu cầu, điều kiện thực hiện thủ tục hành chính công\n"
                                   "\n"
                                   "Cơ quan tiếp nhận hồ sơ phải bảo đảm các điều kiện sau:\n"
                                   "\n"
                                   "3. Trách nhiệm của các sở, ban, ngành và địa phương\n"
                                   "\n"
                                   "Sở Nội vụ chủ trì hướng dẫn.\n");
    assert_int_equal(doc->internal->products.paragraphs.count, 4);
    assert_para(doc, 0, 1, 1, "g) Yêu cầu, điều kiện thực hiện thủ tục hành chính công");
    assert_para(doc, 1, 3, 3, "Cơ quan tiếp nhận hồ sơ phải bảo đảm các điều kiện sau:");
    assert_para(doc, 2, 5, 5, "3. Trách nhiệm của các sở, ban, ngành và địa phương");
    vnp_document_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_page_break_joined),
        cmocka_unit_test(test_page_break_before_capital),
        cmocka_unit_test(test_blank_line_after_sentence),
        cmocka_unit_test(test_hard_wrap_joined),
        cmocka_unit_test(test_number_label_at_line_end),
        cmocka_unit_test(test_pieces_map_offsets_to_lines),
        cmocka_unit_test(test_bullets_start_paragraphs),
        cmocka_unit_test(test_footnote_inside_paragraph),
        cmocka_unit_test(test_basis_after_title),
        cmocka_unit_test(test_markdown_heading_stands_alone),
        cmocka_unit_test(test_bold_heading_over_two_lines),
        cmocka_unit_test(test_letter_items_start_paragraphs),
        cmocka_unit_test(test_tab_rows),
        cmocka_unit_test(test_cell_blocks),
        cmocka_unit_test(test_block_opener_cell_window),
        cmocka_unit_test(test_tab_row_cells_folded),
        cmocka_unit_test(test_tab_row_cells_in_line),
        cmocka_unit_test(test_cell_spaces_at_every_offset),
        cmocka_unit_test(test_cell_folding_simd_same_as_words),
        cmocka_unit_test(test_ascii_opening_case),
        cmocka_unit_test(test_cell_block_lines_folded),
        cmocka_unit_test(test_cell_block_ends_at_body_text),
        cmocka_unit_test(test_part_words_continue_sentence),
        cmocka_unit_test(test_numbers_that_open_paragraphs),
        cmocka_unit_test(test_numbered_line_before_blank),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
